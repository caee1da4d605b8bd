import Foundation
import CommonMark

/// `hep check --fix`: the problems an editor would fix by hand in the same way every time, fixed
/// in the exercise files. Today that is an empty step: its line goes and the steps after it are
/// renumbered; every other byte of the file stays as it was.
///
/// A file is fixed only when empty steps are its only errors and the fixed text parses without
/// errors; a file with any other error is left alone (the check reports it), so a fix never
/// hides a problem or guesses. A file whose `full-range-steps:` names a step that would be
/// renumbered is left alone too: which step goes the full range is the editor's call.
public enum CatalogueFix {
    /// What was changed in one file.
    public struct Change: Sendable, Hashable {
        /// The file, relative to the project root.
        public var file: String
        /// The steps removed (their numbers before the fix).
        public var removedSteps: [Int]
        /// How many steps the file has after the fix.
        public var remainingSteps: Int
    }

    /// A file with empty steps that was left alone, and why.
    public struct Skipped: Sendable, Hashable {
        /// The file, relative to the project root.
        public var file: String
        /// Why it was not fixed.
        public var reason: String
    }

    /// What the fix did.
    public struct Result: Sendable {
        /// Files changed, sorted.
        public var changes: [Change] = []
        /// Files with empty steps left alone, sorted.
        public var skipped: [Skipped] = []
        /// Problems writing files.
        public var diagnostics = DiagnosticList()
    }

    /// Fixes every exercise file of `project` that can be fixed.
    public static func run(project: Project) -> Result {
        var result = Result()
        var ignored = DiagnosticList()
        let catalogue = ExerciseCatalogue.open(project, into: &ignored)
        for id in catalogue.ids {
            guard let path = catalogue.files[id], let text = TextFile.read(project.url(path), shownAs: path, into: &ignored) else { continue }
            switch fix(text, file: path, id: id, project: project) {
            case .none: continue
            case .skipped(let reason): result.skipped.append(Skipped(file: path, reason: reason))
            case .fixed(let fixed, let change):
                do {
                    try fixed.write(to: project.url(path), atomically: true, encoding: .utf8)
                    result.changes.append(change)
                } catch {
                    result.diagnostics.error(SourceLocation(file: path), "could not write the fixed file: \(error.localizedDescription)")
                }
            }
        }
        return result
    }

    enum Outcome: Equatable {
        case none
        case skipped(String)
        case fixed(String, Change)
    }

    /// The fixed text of one exercise file.
    static func fix(_ text: String, file: String, id: String, project: Project) -> Outcome {
        var found = DiagnosticList()
        _ = Exercise.parse(text, file: file, expectedID: id, project: project, into: &found)
        let emptySteps = found.errors.filter { $0.kind == "empty-step" }
        guard !emptySteps.isEmpty else { return .none }
        guard emptySteps.count == found.errors.count else {
            return .skipped("it has other errors; fix those first")
        }
        var ignored = DiagnosticList()
        guard let document = FrontMatterDocument.split(text, file: file, into: &ignored),
              let list = stepsList(document.body) else { return .skipped("its steps could not be found") }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let bodyLines = document.body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var removed: [Int] = [], removedLines = Set<Int>()
        var kept: [Int] = [], numbers: [Int] = []
        for (index, item) in list.children.enumerated() {
            let first = item.line - 1
            guard first >= 0, first < bodyLines.count, let number = number(of: bodyLines[first]) else {
                return .skipped("its steps could not be found")
            }
            numbers.append(number)
            if isEmptyItem(bodyLines[first]) {
                removed.append(index + 1)
                removedLines.insert(item.line + document.bodyLineOffset - 1)
            } else {
                kept.append(item.line + document.bodyLineOffset - 1)
            }
        }
        // The steps left take the numbers of the first places as written: 1, 2, 3 stays in order,
        // and a list written "1. 1. 1." keeps its ones.
        let renumbered = kept.enumerated().map { (line: $0.element, number: numbers[$0.offset]) }
        guard !removed.isEmpty else { return .skipped("its empty steps could not be found") }
        if let moved = fullRangeStepsMoved(text, file: file, id: id, project: project, after: removed.min()!) {
            return .skipped("its `full-range-steps:` names step \(moved), which would be renumbered; fix it by hand")
        }
        for (line, number) in renumbered {
            guard let renumberedLine = renumber(lines[line], to: number) else { return .skipped("a step's number could not be read") }
            lines[line] = renumberedLine
        }
        for line in removedLines.sorted(by: >) { lines.remove(at: line) }
        let fixed = lines.joined(separator: "\n")
        var check = DiagnosticList()
        guard Exercise.parse(fixed, file: file, expectedID: id, project: project, into: &check) != nil, !check.hasErrors else {
            return .skipped("the fixed text would still have errors")
        }
        return .fixed(fixed, Change(file: file, removedSteps: removed, remainingSteps: renumbered.count))
    }

    /// The ordered list under `## Steps`.
    private static func stepsList(_ body: String) -> MarkdownNode? {
        let children = CommonMark.parse(body).root.children
        guard let heading = children.firstIndex(where: { $0.kind == .heading && $0.headingLevel == 2 && $0.plainText.trimmed.lowercased() == "steps" }),
              heading + 1 < children.count else { return nil }
        let list = children[heading + 1]
        return list.kind == .list && list.isOrderedList ? list : nil
    }

    /// The step number a list item's first line starts with.
    private static func number(of line: String) -> Int? {
        Int(line.drop { $0 == " " }.prefix { $0.isASCII && $0.isNumber })
    }

    /// "3." or "3)" alone on its line.
    private static func isEmptyItem(_ line: String) -> Bool {
        let text = line.trimmed
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        return !digits.isEmpty && text.count == digits.count + 1 && (text.last == "." || text.last == ")")
    }

    /// The line with its leading step number replaced by `number`, nil when it has none.
    private static func renumber(_ line: String, to number: Int) -> String? {
        let indent = line.prefix { $0 == " " }
        let rest = line.dropFirst(indent.count)
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        return indent + "\(number)" + rest.dropFirst(digits.count)
    }

    /// A step named by `full-range-steps:` at or after the first removed step.
    private static func fullRangeStepsMoved(_ text: String, file: String, id: String, project: Project, after first: Int) -> Int? {
        var ignored = DiagnosticList()
        guard let document = FrontMatterDocument.split(text, file: file, into: &ignored),
              let line = document.yaml.split(separator: "\n").first(where: { $0.hasPrefix("full-range-steps:") }) else { return nil }
        let numbers = line.split(whereSeparator: { !($0.isASCII && $0.isNumber) }).compactMap { Int($0) }
        if !line.contains("[") { return first } // a block list: not read here, so not touched
        return numbers.first { $0 >= first }
    }
}
