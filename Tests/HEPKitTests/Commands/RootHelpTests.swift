import Testing
@testable import hep

/// `hep --help` is answered without the argument parser's reflection; it must print exactly what
/// the parser prints, at any terminal width.
@Suite("Root help")
struct RootHelpTests {
    @Test("hep --help is the parser's own help text", arguments: [80, 40, 27, 60, 100, 132, 200])
    func sameAsParser(columns: Int) throws {
        let text = try #require(RootHelp.text(columns: columns))
        #expect(text == HEP.helpMessage(columns: columns))
    }

    @Test("it lists every command with its summary")
    func listsCommands() throws {
        let text = try #require(RootHelp.text(columns: 80))
        for command in HEP.configuration.subcommands {
            #expect(text.contains("\n  \(command.configuration.commandName ?? "?") "))
        }
        #expect(text.hasPrefix("OVERVIEW: Turns a session plan into a personalised home-exercise handout.\n\nUSAGE: hep <subcommand>\n"))
    }

    @Test("too narrow a terminal for the label column leaves the answer to the parser")
    func narrow() {
        #expect(RootHelp.text(columns: 20) == nil)
    }

    @Test("the width is COLUMNS, else the terminal's, else 80; one too narrow to lay out gives 80")
    func width() {
        #expect(RootHelp.columns(environment: "100", terminal: 120) == 100)
        #expect(RootHelp.columns(environment: nil, terminal: 120) == 120)
        #expect(RootHelp.columns(environment: "abc", terminal: 90) == 90)
        #expect(RootHelp.columns(environment: nil, terminal: nil) == 80)
        #expect(RootHelp.columns(environment: nil, terminal: 0) == 80)
        #expect(RootHelp.columns(environment: "-3", terminal: 120) == 80)
        #expect(RootHelp.columns(environment: "0", terminal: nil) == 80)
        #expect(RootHelp.columns(environment: "12", terminal: 120) == 80)
    }

    @Test("wrapping breaks at the last space, keeps a long word whole, and counts characters, not bytes")
    func wrapping() {
        #expect(RootHelp.wrapped("one two three four", columns: 14, indent: 4) == "    one two\n    three four")
        #expect(RootHelp.wrapped("a verylongword b", columns: 6, indent: 0) == "a\nverylongword\nb")
        #expect(RootHelp.wrapped("first\n\nsecond line", columns: 30, indent: 2) == "  first\n\n  second line")
        // Non-ASCII: "é" is one character of two bytes, "e\u{301}" one character of three.
        #expect(RootHelp.wrapped("café crème brûlée", columns: 10, indent: 0) == "café\ncrème\nbrûlée")
        #expect(RootHelp.wrapped("cafe\u{301} cre\u{301}me", columns: 10, indent: 0) == "cafe\u{301} cre\u{301}me")
        #expect(RootHelp.wrapped("café crème", columns: 10, indent: 0) == "café crème")
    }
}
