import Foundation
import Testing

/// Golden files: compares text with `Tests/HEPKitTests/Snapshots/<name>`. With RECORD_SNAPSHOTS=1
/// it writes the file instead and fails, so a recording is never mistaken for a pass. A mismatch
/// prints a line diff.
enum Snapshot {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Snapshots")

    static func assert(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("Recorded snapshot \(name); review it, then run again without RECORD_SNAPSHOTS.", sourceLocation: sourceLocation)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("No snapshot \(name); run with RECORD_SNAPSHOTS=1 to record it.", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            Issue.record("Snapshot \(name) differs:\n\(lineDiff(expected, actual))", sourceLocation: sourceLocation)
        }
    }

    /// A minimal line diff: each differing line as `-expected` / `+actual`, with its line number.
    static func lineDiff(_ expected: String, _ actual: String) -> String {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var lines: [String] = []
        for index in 0..<max(a.count, b.count) {
            let left = index < a.count ? String(a[index]) : nil
            let right = index < b.count ? String(b[index]) : nil
            if left != right {
                if let left { lines.append("\(index + 1): -\(left)") }
                if let right { lines.append("\(index + 1): +\(right)") }
            }
            if lines.count > 40 { lines.append("..."); break }
        }
        return lines.joined(separator: "\n")
    }
}
