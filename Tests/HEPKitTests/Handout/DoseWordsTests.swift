import Testing
@testable import HEPKit
@testable import hep

@Suite("Dose in words")
struct DoseWordsTests {
    static func composer() throws -> HandoutComposer {
        var diagnostics = DiagnosticList()
        let workspace = try #require(ProjectSnapshot.load(Repository.project, into: &diagnostics))
        return try #require(workspace.composer(language: "en"))
    }

    @Test("the content guide's example dose reads as written there")
    func guideExample() async throws {
        let dose = Dosage(sets: 2, reps: 10, seconds: nil, hold: 5, rest: 30, tempo: nil, side: .left, perDay: 2, daysPerWeek: 5)
        #expect(try Self.composer().doseWords(dose)
            == "2 sets of 10. Hold each one for 5 seconds. Rest 30 seconds between sets. Left side only. Twice a day, 5 days a week.")
    }

    @Test("timed sets, tempo, both sides, every day")
    func timed() async throws {
        let composer = try Self.composer()
        let hold = Dosage(sets: 1, reps: nil, seconds: 90, hold: nil, rest: nil, tempo: nil, side: .each, perDay: 1, daysPerWeek: 7)
        #expect(composer.doseWords(hold) == "Do it for 90 seconds. Do both sides. Once a day, every day.")
        let breathe = Dosage(sets: 1, reps: nil, seconds: 300, hold: nil, rest: nil, tempo: nil, side: .both, perDay: 3, daysPerWeek: 7)
        #expect(composer.doseWords(breathe) == "Do it for 5 minutes. 3 times a day, every day.")
        let slow = Dosage(sets: 3, reps: 8, seconds: nil, hold: nil, rest: 60, tempo: Tempo(out: 2, pause: 1, back: 3),
                          side: .right, perDay: 1, daysPerWeek: 3)
        #expect(composer.doseWords(slow)
            == "3 sets of 8. Go slowly: 2 seconds one way, pause for 1 second, 3 seconds back. Rest 1 minute between sets. Right side only. Once a day, 3 days a week.")
        let single = Dosage(sets: 1, reps: 12, seconds: nil, hold: 1, rest: 30, tempo: nil, side: .both, perDay: 1, daysPerWeek: 1)
        #expect(composer.doseWords(single) == "1 set of 12. Hold each one for 1 second. Once a day, 1 day a week.")
    }

    @Test("a plan's override replaces reps with seconds and keeps the rest of the default")
    func override() async {
        let base = Dosage(sets: 2, reps: 10, seconds: nil, hold: 3, rest: 30, tempo: nil, side: .both, perDay: 1, daysPerWeek: 5)
        var change = DosageOverride()
        change.seconds = 45
        change.side = .left
        let dose = change.applied(to: base)
        #expect(dose.reps == nil && dose.seconds == 45 && dose.side == .left && dose.sets == 2 && dose.hold == 3)
    }

    @Test("minutes a day add every set, side and rest")
    func minutes() async {
        let dose = Dosage(sets: 2, reps: 10, seconds: nil, hold: 3, rest: 30, tempo: nil, side: .each, perDay: 2, daysPerWeek: 5)
        // (10 reps x (3 s hold + 3 s movement) x 2 sets + 30 s rest) x 2 sides x 2 a day
        #expect(dose.secondsPerDay == (10 * 6 * 2 + 30) * 2 * 2)
    }
}
