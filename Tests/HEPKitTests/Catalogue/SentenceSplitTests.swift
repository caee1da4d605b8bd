import Foundation
import Testing
@testable import HEPKit

/// The shared-sentence check splits every exercise's text into sentences by bytes; it must find the
/// same sentences as splitting Character by Character.
@Suite("Sentence splitting")
struct SentenceSplitTests {
    @Test("examples")
    func examples() {
        #expect(CatalogueChecks.sentences(of: "Lie on your back. Bend your knees!  Ready? Go") == ["Lie on your back.", "Bend your knees!", "Ready?", "Go"])
        #expect(CatalogueChecks.sentences(of: "One line.\nNext line.\n") == ["One line.", "Next line."])
        #expect(CatalogueChecks.sentences(of: "Hold 5 s. then rest...  and go.") == ["Hold 5 s.", "then rest...", "and go."])
        #expect(CatalogueChecks.sentences(of: "   ") == [])
        #expect(CatalogueChecks.sentences(of: "Café au lait. Crème brûlée.") == ["Café au lait.", "Crème brûlée."])
    }

    @Test("every exercise of the starter catalogue: the same sentences as by Characters")
    func starterCatalogue() throws {
        var diagnostics = DiagnosticList()
        let catalogue = ExerciseCatalogue.open(Repository.project, cache: .none, lazyVocabulary: false, into: &diagnostics)
        let texts = catalogue.files.keys.sorted().compactMap { catalogue.load($0, into: &diagnostics) }
            .flatMap { [$0.startingPosition] + $0.steps }
        #expect(texts.count > 300)
        for text in texts {
            #expect(CatalogueChecks.sentences(of: text) == CatalogueChecks.sentencesByCharacter(text), "\(text)")
        }
    }

    @Test("5,000 generated texts: the same sentences as by Characters")
    func generated() {
        var random = SplitMix(seed: 1203)
        let pieces = ["Lie", "down", ".", "!", "?", " ", "  ", "\n", "\r\n", "\r", "é", "e\u{301}", " \u{301}", ".\u{301}",
                      "\u{600}", "\u{A0}", "\t", "...", "½", "—", "🙂", "x"]
        for _ in 0..<5_000 {
            let text = (0..<Int(random.next() % 30)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            #expect(CatalogueChecks.sentences(of: text) == CatalogueChecks.sentencesByCharacter(text), "\(text.debugDescription)")
        }
    }
}
