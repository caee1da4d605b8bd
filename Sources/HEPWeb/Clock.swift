import Foundation
import HEPKit

extension CalendarDate {
    /// Today in the machine's time zone: the date the app writes into a new plan. Only the web app
    /// reads the clock; HEPKit never does (a handout's dates come from its plan).
    public static func today(now: Date = Date(), timeZone: TimeZone = .current) -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return CalendarDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }
}
