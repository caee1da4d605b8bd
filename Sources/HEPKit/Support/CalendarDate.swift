extension Result {
    /// The value, or nil on failure.
    var success: Success? {
        if case .success(let value) = self { return value }
        return nil
    }
}

/// A day in the calendar (no time, no zone): session and follow-up dates come from the plan,
/// never from the clock, so the same plan always gives the same handout.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Year, e.g. 2026.
    public var year: Int
    /// Month, 1-12.
    public var month: Int
    /// Day of the month, 1-31.
    public var day: Int

    /// Makes a date; use `parse` for user input.
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Why a date did not parse.
    public struct Problem: Error, Sendable {
        /// Words that complete "'date' ...".
        public var message: String
    }

    /// Parses `YYYY-MM-DD`, refusing impossible dates such as 2026-02-30.
    public static func parse(_ text: String) -> Result<CalendarDate, Problem> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return .failure(Problem(message: "must be a date written YYYY-MM-DD")) }
        guard (1900...2200).contains(year) else { return .failure(Problem(message: "has a year outside 1900-2200")) }
        guard (1...12).contains(month) else { return .failure(Problem(message: "is not a real date (month \(month))")) }
        guard (1...daysIn(month: month, year: year)).contains(day) else {
            return .failure(Problem(message: "is not a real date (day \(day) of month \(month))"))
        }
        return .success(CalendarDate(year: year, month: month, day: day))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Day of the week, 0 = Sunday ... 6 = Saturday (Sakamoto's method).
    public var weekday: Int {
        let offsets = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4]
        let y = month < 3 ? year - 1 : year
        return (y + y / 4 - y / 100 + y / 400 + offsets[month - 1] + day) % 7
    }

    /// `2026-11-29`.
    public var description: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(m)-\(d)"
    }

    /// Days since 1970-01-01 (for comparisons and spans).
    public var ordinal: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool { lhs.ordinal < rhs.ordinal }
}
