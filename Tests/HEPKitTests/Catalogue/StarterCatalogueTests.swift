import Foundation
import Testing
@testable import HEPKit
@testable import hep

/// The starter catalogue a clinic uses on day one: complete, resolvable, readable, and clean.
@Suite("Starter catalogue")
struct StarterCatalogueTests {
    static func catalogue() async throws -> ExerciseCatalogue {
        var diagnostics = DiagnosticList()
        let catalogue = ExerciseCatalogue.open(Repository.project, into: &diagnostics)
        await catalogue.loadAll(into: &diagnostics)
        #expect(!diagnostics.hasErrors, "\(diagnostics.report)")
        return catalogue
    }

    @Test("hep check passes with no errors and no warnings on the catalogue and all six example plans")
    func checkIsClean() async {
        let result = await CheckCommand.run(plans: [Repository.url("Examples/plans").path], project: Repository.project)
        #expect(result.exitCode == 0)
        #expect(result.diagnostics.all.isEmpty, "\(result.errorText)")
        #expect(result.output.last == "No problems found.")
    }

    @Test("at least 60 exercises, with the minimum per phase")
    func counts() async throws {
        let exercises = try await Self.catalogue().loaded
        #expect(exercises.count >= 60)
        let byPhase = Dictionary(grouping: exercises, by: \.phase).mapValues(\.count)
        let minimum: [Phase: Int] = [.release: 12, .lengthen: 6, .activate: 15, .integrate: 10, .mobility: 1, .balance: 1,
                                     .breathing: 1, .nerveGlide: 2]
        for (phase, count) in minimum {
            #expect(byPhase[phase, default: 0] >= count, "\(phase.rawValue): \(byPhase[phase, default: 0])")
        }
    }

    @Test("every exercise carries every section, and every reference resolves")
    func complete() async throws {
        let catalogue = try await Self.catalogue()
        for exercise in catalogue.loaded {
            let where_ = exercise.file
            #expect(!exercise.purpose.isEmpty && !exercise.startingPosition.isEmpty, "\(where_)")
            #expect((3...8).contains(exercise.steps.count), "\(where_): \(exercise.steps.count) steps")
            #expect(!exercise.feel.isEmpty && !exercise.mistakes.isEmpty && !exercise.stopIf.isEmpty, "\(where_)")
            #expect(!exercise.precautions.isEmpty, "\(where_): no precautions for the practitioner")
            #expect(!exercise.regions.isEmpty && !exercise.targets.isEmpty, "\(where_)")
            #expect(exercise.changelog.contains { $0.version == exercise.version }, "\(where_)")
            for id in exercise.targetIDs { #expect(catalogue.vocabulary.term(.muscles, id) != nil, "\(where_): \(id)") }
            for id in exercise.regionIDs { #expect(catalogue.vocabulary.term(.regions, id) != nil, "\(where_): \(id)") }
            for id in exercise.conditionIDs { #expect(catalogue.vocabulary.term(.conditions, id) != nil, "\(where_): \(id)") }
            for id in exercise.equipmentIDs { #expect(catalogue.vocabulary.term(.equipment, id) != nil, "\(where_): \(id)") }
            for link in exercise.easier + exercise.harder { #expect(catalogue.files[link.value] != nil, "\(where_): \(link.value)") }
        }
    }

    @Test("the vocabulary names at least 50 muscles, each with a plain name and a one-sentence description")
    func vocabulary() async throws {
        let vocabulary = try await Self.catalogue().vocabulary
        #expect(vocabulary.ids(.muscles).count >= 50)
        for kind in Vocabulary.Kind.allCases {
            for id in vocabulary.ids(kind) {
                let term = try #require(vocabulary.term(kind, id))
                #expect(!term.plain.isEmpty, "\(id)")
                let sentences = term.description.split(whereSeparator: { ".!?".contains($0) }).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                #expect(sentences.count == 1, "\(kind.rawValue) \(id): \(term.description)")
            }
        }
    }

    @Test("reading grade: every exercise at 8 or below, the median at 6 or below")
    func readingGrade() async throws {
        let grades = try await Self.catalogue().loaded.map { ($0.id, ReadingGrade.score($0.patientText).grade) }
        for (id, grade) in grades { #expect(grade <= 8, "\(id): \(grade)") }
        #expect(ReadingGrade.median(grades.map(\.1)) <= 6)
    }

    @Test("safety: no ball or roller release on the front or side of the neck; breath-holding never asked for")
    func safety() async throws {
        for exercise in try await Self.catalogue().loaded {
            let text = ([exercise.startingPosition] + exercise.steps).joined(separator: " ").lowercased()
            let asksToHold = text.ranges(of: "hold your breath").contains { range in
                let before = text[..<range.lowerBound].suffix(8)
                return !(before.hasSuffix("not ") || before.hasSuffix("n't ") || before.hasSuffix("never "))
            }
            #expect(!asksToHold, "\(exercise.id) asks the patient to hold their breath")
            if exercise.phase == .release {
                #expect(!exercise.targetIDs.contains("sternocleidomastoid") && !exercise.targetIDs.contains("scalenes"),
                        "\(exercise.id) releases the front or side of the neck")
            }
            if exercise.phase == .nerveGlide {
                #expect(exercise.stopIf.contains { $0.lowercased().contains("tingl") || $0.lowercased().contains("numb") }, "\(exercise.id)")
            }
        }
    }
}
