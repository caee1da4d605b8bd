import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A moment as the audit and send logs record it: `2026-12-02T07:15:03Z` (UTC, the second it was
/// in), the form `ISO8601DateFormatter` writes by default. Written from `gmtime_r`: the formatter
/// builds a CoreFoundation formatter each time, a tenth of the desk's work to issue a handout.
public enum UTCTimestamp {
    public static func string(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil else { return "1970-01-01T00:00:00Z" }
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let year = Int(parts.tm_year) + 1900
        let yearText = year >= 0 && year < 1000 ? String(repeating: "0", count: 4 - String(year).count) + String(year) : String(year)
        return "\(yearText)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
