import CommonMark
import Testing

@Suite("libcmark wrapper")
struct CommonMarkTests {
    @Test("raw HTML is dropped and unsafe links are emptied: there is no unsafe option")
    func safeMode() async {
        let html = CommonMark.html(from: "<script>x</script>\n\n[a](javascript:alert(1)) <b>hi</b> ![i](data:text/html,x)")
        #expect(!html.contains("<script"))
        #expect(!html.contains("<b>"))
        #expect(!html.contains("javascript:"))
        #expect(html.contains("<!-- raw HTML omitted -->"))
        #expect(html.contains("<a href=\"\">a</a>"))
    }

    @Test("smart punctuation and UTF-8 validation are on for handouts")
    func handoutOptions() async {
        #expect(CommonMark.html(from: "\"Hi\" -- it's...") == "<p>“Hi” – it’s…</p>\n")
        #expect(CommonMark.html(from: "Zoë 田中 😀") == "<p>Zoë 田中 😀</p>\n")
    }

    @Test("the parse tree is copied into Swift values with positions")
    func parseTree() async {
        let parsed = CommonMark.parse("## Steps\n\n1. First\n2. Second\n")
        #expect(parsed.tooDeep == nil)
        let document = parsed.root
        #expect(document.kind == .document)
        #expect(document.children.map(\.kind) == [.heading, .list])
        #expect(document.children[0].headingLevel == 2)
        #expect(document.children[0].plainText == "Steps")
        #expect(document.children[1].isOrderedList)
        #expect(document.children[1].children.map(\.plainText) == ["First", "Second"])
        #expect(document.children[1].line == 3)
        #expect(document.children[1].endLine == 4)
    }

    @Test("the linked libcmark reports its version")
    func version() async {
        #expect(CommonMark.version.split(separator: ".").count == 3)
    }
}
