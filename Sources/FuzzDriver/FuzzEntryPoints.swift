import CommonMark
import Foundation
@_spi(Fuzzing) import HEPKit

/// The parsers and encoders that face untrusted input, called by the libFuzzer targets
/// (`make fuzz`). Kept out of HEPKit's public API: the internals it reaches are `@_spi(Fuzzing)`. Each must return normally for any bytes; the checks below turn a broken
/// promise (Markdown structure from escaped text, a non-7-bit header) into a crash the fuzzer reports.
public enum FuzzEntryPoints {
    private typealias Callback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    private typealias Driver = @convention(c) (UnsafeMutablePointer<CInt>,
                                               UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>, Callback) -> CInt

    /// Hands over to libFuzzer's driver with `target` as the fuzzed function; never returns.
    ///
    /// SwiftPM links executables with `--defsym main=<Target>_main`, which collides with
    /// libFuzzer's own `main`, so `make fuzz` links libFuzzer's no-main runtime and the driver is
    /// found here at run time. In an ordinary build it is missing: the program says how to fuzz.
    public static func runDriver(_ target: FuzzTarget) -> Never {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "LLVMFuzzerRunDriver") else {
            FileHandle.standardError.write(Data("This program is a libFuzzer target: run `make fuzz`.\n".utf8))
            exit(2)
        }
        currentTarget = target
        var count = CommandLine.argc
        var arguments = CommandLine.unsafeArgv
        exit(unsafeBitCast(symbol, to: Driver.self)(&count, &arguments) { data, size in
            let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
            switch FuzzEntryPoints.currentTarget {
            case .exercise: FuzzEntryPoints.exercise(bytes)
            case .plan: FuzzEntryPoints.plan(bytes)
            case .markdown: FuzzEntryPoints.markdown(bytes)
            case .mimeHeader: FuzzEntryPoints.mimeHeader(bytes)
            }
            return 0
        })
    }

    /// What a fuzz target exercises.
    public enum FuzzTarget: Sendable { case exercise, plan, markdown, mimeHeader }

    /// Set once, before the driver starts; a C callback cannot capture it.
    nonisolated(unsafe) private static var currentTarget = FuzzTarget.plan

    /// Front-matter splitting and exercise decoding.
    public static func exercise(_ bytes: [UInt8]) {
        var diagnostics = DiagnosticList()
        guard let text = TextFile.decode(bytes, shownAs: "fuzz.md", into: &diagnostics) else { return }
        _ = Exercise.parse(text, file: "fuzz.md", expectedID: "fuzz", into: &diagnostics)
    }

    /// Plan decoding.
    public static func plan(_ bytes: [UInt8]) {
        var diagnostics = DiagnosticList()
        guard let text = TextFile.decode(bytes, shownAs: "fuzz.yaml", into: &diagnostics) else { return }
        _ = Plan.parse(text, file: "fuzz.yaml", into: &diagnostics)
    }

    /// Markdown escaping then libcmark: escaped text must come back as one paragraph of plain text.
    public static func markdown(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let escaped = MarkdownEscaping.escape(text)
        let parsed = CommonMark.parse(escaped)
        precondition(parsed.tooDeep == nil, "escaped text nested deeper than \(CommonMark.maximumDepth) levels")
        let kinds = parsed.root.allNodes.map(\.kind)
        precondition(kinds.allSatisfy { [.document, .paragraph, .text, .softBreak].contains($0) },
                     "escaped text became Markdown structure: \(kinds)")
        _ = CommonMark.html(from: text)
    }

    /// MIME header encoding: control characters refused, everything else 7-bit and folded only at words.
    public static func mimeHeader(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let checked = try? MailHeaders.checked(text, header: "Subject") else { return }
        let encoded = MailHeaders.encodedText(checked)
        precondition(encoded.utf8.allSatisfy { $0 < 0x80 }, "a header is not 7-bit")
        precondition(!encoded.replacingOccurrences(of: "\r\n ", with: "").contains(where: { $0 == "\r" || $0 == "\n" }),
                     "a line break that is not folding")
        _ = try? MailHeaders.mailbox(name: text, address: "p@example.com", header: "To")
    }
}
