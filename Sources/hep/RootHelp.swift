import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// `hep --help`, the text the argument parser prints for it, built from the same command
/// configurations without the parser's reflection over every command (which, in a binary this
/// size, costs more than the rest of process start). A test compares it with the parser's own
/// `helpMessage(columns:)` at several widths, so the two cannot drift apart.
enum RootHelp {
    /// The help text at `columns`, or nil where this layout does not hold (a hidden command, a
    /// name too long for the label column): the parser then answers.
    static func text(columns: Int) -> String? {
        let indent = 2
        let abstract = HEP.configuration.abstract
        guard columns > labelWidth, let root = HEP.configuration.commandName, !abstract.isEmpty, HEP.configuration.discussion.isEmpty,
              !HEP.configuration.version.isEmpty else { return nil }
        let elements = [("--version", "Show the version."), ("-h, --help", "Show help information.")]
        var commands: [(String, String)] = []
        for command in HEP.configuration.subcommands {
            let configuration = command.configuration
            guard configuration.shouldDisplay, let name = configuration.commandName, name.count + indent < labelWidth else { return nil }
            commands.append((name, configuration.abstract))
        }
        guard !commands.isEmpty, HEP.configuration.defaultSubcommand == nil else { return nil }
        // Appends, not `+`: a Substring added with `+` is copied a Character at a time.
        func section(_ title: String, _ rows: [(String, String)]) -> String {
            var text = title + ":\n"
            for row in rows {
                let label = String(repeating: " ", count: indent) + row.0
                text.append(label)
                text.append(contentsOf: wrapped(row.1, columns: columns, indent: labelWidth).dropFirst(label.count))
                text.append("\n")
            }
            return text
        }
        return wrapped("OVERVIEW: " + abstract, columns: columns, indent: 0) + "\n\n"
            + "USAGE: \(root) <subcommand>\n\n"
            + section("OPTIONS", elements) + "\n" + section("SUBCOMMANDS", commands)
            + "\n  See '\(root) help <subcommand>' for detailed help."
    }

    /// The width the parser would use: `COLUMNS` when set, else the terminal's, else 80.
    static var columns: Int {
        var size = winsize()
        let terminal = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 ? Int(size.ws_col) : nil
        return columns(environment: getenv("COLUMNS").map { String(cString: $0) }, terminal: terminal)
    }

    /// The parser's choice of width, except that a width too narrow for the label column (zero,
    /// negative, a few characters) gives 80: there the parser stops on an assertion in a debug build
    /// and drops every summary in a release build.
    static func columns(environment: String?, terminal: Int?) -> Int {
        let chosen = environment.flatMap { Int($0) } ?? terminal.flatMap { $0 > 0 ? $0 : nil } ?? 80
        return chosen > labelWidth ? chosen : 80
    }

    static let labelWidth = 26

    /// The parser's word wrapping: lines of at most `columns - indent` characters broken at the
    /// last space, a word longer than that kept whole, every line but empty ones indented.
    /// ASCII text without a carriage return (every character one byte) is walked byte by byte:
    /// the same lines, without the grapheme breaking that cost a third of `hep --help`.
    static func wrapped(_ text: String, columns: Int, indent: Int) -> String {
        let width = columns - indent
        let lines = text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D })
            ? lines(of: text, in: text.utf8, width: width, newline: 0x0A, space: 0x20)
            : lines(of: text, in: text, width: width, newline: "\n", space: " ")
        let pad = String(repeating: " ", count: indent)
        var text = ""
        for (number, line) in lines.enumerated() {
            if number > 0 { text.append("\n") }
            if !line.isEmpty { text.append(pad); text.append(contentsOf: line) }
        }
        return text
    }

    private static func lines<View: BidirectionalCollection>(
        of text: String, in view: View, width: Int, newline: View.Element, space: View.Element
    ) -> [Substring] where View.Index == String.Index, View.Element: Equatable {
        var lines: [Substring] = [], current = view.startIndex
        while true {
            let chunk = view[current...].prefix(width)
            if let lineBreak = chunk.lastIndex(of: newline) {
                lines.append(contentsOf: text[current..<lineBreak].split(separator: "\n", omittingEmptySubsequences: false))
                current = view.index(after: lineBreak)
            } else if chunk.endIndex == view.endIndex {
                lines.append(text[current...])
                break
            } else if let space = chunk.lastIndex(of: space) {
                lines.append(text[current..<space])
                current = view.index(after: space)
            } else if let space = view[current...].firstIndex(of: space) {
                lines.append(text[current..<space])
                current = view.index(after: space)
            } else {
                lines.append(text[current...])
                break
            }
        }
        return lines
    }
}
