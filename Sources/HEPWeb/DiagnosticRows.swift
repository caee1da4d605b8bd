import HEPKit

/// A diagnostic as a page shows it: the same message as `hep check`, with the hint's actions worded
/// for the web app (buttons and pages, not commands).
public struct DiagnosticRow: Sendable, Hashable {
    public var severity: String
    public var isError: Bool
    /// `path:line:col`, as the command line prints it.
    public var location: String
    public var file: String
    public var line: Int
    public var column: Int
    public var kind: String
    public var message: String
    public var hint: String?

    public init(_ diagnostic: Diagnostic) {
        severity = diagnostic.severity.rawValue
        isError = diagnostic.severity == .error
        file = diagnostic.file
        line = diagnostic.line
        column = diagnostic.column
        location = line == 0 && file.hasSuffix("/") ? file : "\(file):\(max(line, 1)):\(max(column, 1))"
        kind = diagnostic.kind
        message = diagnostic.message
        hint = diagnostic.hint?.text(wordingActions: \.deskWording)
    }

    /// Rows for `list`, sorted as `hep check` prints them, each once.
    public static func rows(_ list: DiagnosticList) -> [DiagnosticRow] { list.sorted.map(DiagnosticRow.init) }
}

extension Hint.Action {
    /// The action as the web app offers it.
    var deskWording: String {
        switch self {
        case .listExercises: "the Catalogue page"
        case .showExercise(let id): "the catalogue page of `\(id)`"
        case .newExercise: "“New exercise” on the Catalogue page"
        case .checkProject: "the Check page of the catalogue"
        case .fixProject: "`hep check --fix`"
        case .releaseCatalogue(nil): "“Release” on the Catalogue page"
        case .releaseCatalogue(let note?): "“Release” on the Catalogue page with the note “\(note)”"
        case .suggest: "“Suggest from findings”"
        case .render: "“Issue”"
        case .send: "“Send”"
        case .resend: "“Send again”"
        case .markSafety: "the safety box when releasing"
        case .drawFigures: "saving the exercise (its pictures are redrawn)"
        }
    }
}
