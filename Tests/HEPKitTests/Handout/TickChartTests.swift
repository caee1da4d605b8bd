import Testing
@testable import HEPKit
@testable import hep

/// The tick chart on the last printed page: the dose in short and two weeks of days.
@Suite("Tick chart")
struct TickChartTests {
    @Test("the dose in short: sets x reps, timed sets, side and sessions a day")
    func shortDose() async throws {
        let composer = try DoseWordsTests.composer()
        func dose(sets: Int = 1, reps: Int? = nil, seconds: Int? = nil, side: Side = .both, perDay: Int = 1) -> Dosage {
            Dosage(sets: sets, reps: reps, seconds: seconds, hold: 5, rest: 30, tempo: nil, side: side, perDay: perDay, daysPerWeek: 5)
        }
        #expect(composer.shortDose(dose(sets: 2, reps: 10)) == "2 x 10")
        #expect(composer.shortDose(dose(sets: 2, reps: 10, side: .left, perDay: 2)) == "2 x 10, left side, 2 a day")
        #expect(composer.shortDose(dose(seconds: 60, side: .right)) == "1 min, right side")
        #expect(composer.shortDose(dose(seconds: 90)) == "90 s")
        #expect(composer.shortDose(dose(sets: 3, seconds: 30, side: .each)) == "3 x 30 s, each side")
        #expect(composer.shortDose(dose(sets: 2)) == "2 sets")
    }

    @Test("14 days from the session day, across the end of a month and of a year")
    func days() async throws {
        let composer = try DoseWordsTests.composer()
        let november = composer.tickChartDays(from: CalendarDate(year: 2026, month: 11, day: 23))
        #expect(november.count == 14)
        #expect(november.first == "Mo 23" && november[7] == "Mo 30" && november[8] == "Tu 1" && november.last == "Su 6")
        let december = composer.tickChartDays(from: CalendarDate(year: 2026, month: 12, day: 25))
        #expect(december[6] == "Th 31" && december[7] == "Fr 1" && december.last == "Th 7")
        let leap = composer.tickChartDays(from: CalendarDate(year: 2028, month: 2, day: 28))
        #expect(Array(leap.prefix(3)) == ["Mo 28", "Tu 29", "We 1"])
    }

    @Test("the page has one row per exercise with its short dose and a box per day, hidden on screen", arguments: GoldenHandoutTests.plans)
    func chart(_ name: String) async throws {
        let handout = try GoldenHandoutTests.render(name)
        let chart = try #require(handout.html.firstMatch(of: /<div class="tick-chart" style="display:none;[^"]*">([\s\S]*?)<\/div>/)).1
        #expect(chart.matches(of: /class="tick-day"/).count == 14)
        #expect(chart.matches(of: /class="tick-box"/).count == 14 * handout.viewModel.exercises.count)
        for exercise in handout.viewModel.exercises {
            #expect(chart.contains(">\(exercise.number). \(exercise.title)</td>") && chart.contains(">\(exercise.shortDose)</td>"))
        }
        #expect(handout.html.contains("<!--[if !mso]><!-->\n<div class=\"tick-chart\""))
    }
}
