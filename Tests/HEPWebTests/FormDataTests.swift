@testable import HEPWeb
import Testing

/// How a submitted form's body reads: what a browser sends, and what a hostile or broken one might.
@Suite struct FormDataTests {
    @Test("fields in order, repeated names as lists, + and %XX decoded, UTF-8 kept")
    func decodes() {
        let form = FormData.parse("patient.name=Tom%C3%A1s+Herrera&m.muscle=piriformis&m.muscle=&note=a%26b%3Dc&empty")
        #expect(form.fields.map(\.name) == ["patient.name", "m.muscle", "m.muscle", "note", "empty"])
        #expect(form["patient.name"] == "Tomás Herrera")
        #expect(form.values("m.muscle") == ["piriformis", ""])
        #expect(form["note"] == "a&b=c")
        #expect(form["empty"] == "")
        #expect(form["missing"] == nil)
    }

    @Test("a % without two hex digits stays as written; bytes that are not UTF-8 become U+FFFD; && and a bare = are harmless")
    func broken() {
        let form = FormData.parse("a=100%&b=%zz9&c=%4&d=%FF%FE&&=orphan&e=x=y")
        #expect(form["a"] == "100%")
        #expect(form["b"] == "%zz9")
        #expect(form["c"] == "%4")
        #expect(form["d"] == "\u{FFFD}\u{FFFD}")
        #expect(form[""] == "orphan")
        #expect(form["e"] == "x=y")
        #expect(FormData.parse("").fields.isEmpty)
    }
}
