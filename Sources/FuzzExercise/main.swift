import Foundation
import HEPKit

// libFuzzer target (`make fuzz`): built with coverage instrumentation and libFuzzer's no-main
// runtime, it hands over to libFuzzer's driver, which calls FuzzEntryPoints.exercise. The driver is
// looked up at run time, so an ordinary build links too (and says how to fuzz).

typealias Callback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
typealias Driver = @convention(c) (UnsafeMutablePointer<CInt>, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>, Callback) -> CInt

guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "LLVMFuzzerRunDriver") else {
    FileHandle.standardError.write(Data("This program is a libFuzzer target: run `make fuzz`.\n".utf8))
    exit(2)
}
let driver = unsafeBitCast(symbol, to: Driver.self)
var count = CommandLine.argc
var arguments = CommandLine.unsafeArgv
exit(driver(&count, &arguments) { data, size in
    FuzzEntryPoints.exercise(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
})
