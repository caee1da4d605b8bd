/// A problem found in a file: where, how serious, what is wrong and what to do. Front ends print
/// it (the command line in compiler format, `path:line:col: error: message`) or show it beside a field.
public struct Diagnostic: Sendable, Hashable, Comparable {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error, warning, note

        private var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .note: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// Whether this is an error, a warning or a note.
    public var severity: Severity
    /// Path relative to the project root (or as the user gave it).
    public var file: String
    /// 1-based line; 0 when the problem concerns the whole file.
    public var line: Int
    /// 1-based column; 0 when unknown.
    public var column: Int
    /// What is wrong.
    public var message: String
    /// What to do about it, if there is something useful to say.
    public var hint: Hint?
    /// A stable, kebab-case name for the kind of problem (`not-released`, `reading-grade`), for
    /// filtering and counting; see `Diagnostic+Kind.swift` for every kind.
    public var kind: String

    /// Makes a diagnostic; without a `kind`, the kind is derived from the message.
    public init(_ severity: Severity, _ location: SourceLocation, _ message: String, hint: Hint? = nil, kind: String? = nil) {
        self.severity = severity
        self.file = location.file
        self.line = location.line
        self.column = location.column
        self.message = message
        self.hint = hint
        self.kind = kind ?? Diagnostic.kind(of: message, severity: severity)
    }

    /// Makes an error.
    public static func error(_ location: SourceLocation, _ message: String, hint: Hint? = nil, kind: String? = nil) -> Diagnostic {
        Diagnostic(.error, location, message, hint: hint, kind: kind)
    }

    /// Makes a warning.
    public static func warning(_ location: SourceLocation, _ message: String, hint: Hint? = nil, kind: String? = nil) -> Diagnostic {
        Diagnostic(.warning, location, message, hint: hint, kind: kind)
    }

    /// Where the diagnostic points.
    public var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    /// Sorted by file, then line, then column, then severity, then message.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        if lhs.file != rhs.file { return lhs.file < rhs.file }
        if lhs.line != rhs.line { return lhs.line < rhs.line }
        if lhs.column != rhs.column { return lhs.column < rhs.column }
        if lhs.severity != rhs.severity { return lhs.severity < rhs.severity }
        return lhs.message < rhs.message
    }
}

/// A place in a file. Lines and columns are 1-based; 0 means "the whole file" or "unknown".
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// Path relative to the project root.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int

    /// Makes a location.
    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:col`, with line and column 1 when unknown so editors can still jump to the file.
    public var description: String { "\(file):\(max(line, 1)):\(max(column, 1))" }

    /// The same file, `lines` further down (front matter sits below an opening `---`).
    public func offset(lines: Int) -> SourceLocation {
        SourceLocation(file: file, line: line + lines, column: column)
    }
}

/// Diagnostics collected while loading and checking; printed sorted, failing once at the end.
public struct DiagnosticList: Sendable, Hashable {
    /// Every diagnostic, in the order found.
    public private(set) var all: [Diagnostic] = []

    /// An empty list.
    public init() {}

    /// Adds one diagnostic.
    public mutating func append(_ diagnostic: Diagnostic) { all.append(diagnostic) }

    /// Adds many.
    public mutating func append(contentsOf other: [Diagnostic]) { all.append(contentsOf: other) }

    /// Adds another list.
    public mutating func append(contentsOf other: DiagnosticList) { all.append(contentsOf: other.all) }

    /// Adds an error.
    public mutating func error(_ location: SourceLocation, _ message: String, hint: Hint? = nil, kind: String? = nil) {
        all.append(.error(location, message, hint: hint, kind: kind))
    }

    /// Adds a warning.
    public mutating func warning(_ location: SourceLocation, _ message: String, hint: Hint? = nil, kind: String? = nil) {
        all.append(.warning(location, message, hint: hint, kind: kind))
    }

    /// True when any diagnostic is an error.
    public var hasErrors: Bool { all.contains { $0.severity == .error } }

    /// Errors only.
    public var errors: [Diagnostic] { all.filter { $0.severity == .error } }

    /// Warnings only.
    public var warnings: [Diagnostic] { all.filter { $0.severity == .warning } }

    /// Sorted and without exact repeats, as printed.
    public var sorted: [Diagnostic] { Array(Set(all)).sorted() }
}
