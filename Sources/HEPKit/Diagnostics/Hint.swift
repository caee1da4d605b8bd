/// What to do about a diagnostic, as data: plain words and actions. Each front end words an
/// action its own way (the command line as a `hep ...` command, the web app as a link), so the
/// library never tells a practitioner in a browser to type a command.
///
/// Write hints as string literals with actions interpolated:
/// `"did you mean 'x'? \(.listExercises) shows every id."`.
public struct Hint: Sendable, Hashable, ExpressibleByStringInterpolation {
    /// A piece of a hint.
    public enum Part: Sendable, Hashable {
        /// Plain words.
        case text(String)
        /// Something the user can do, worded by the front end.
        case action(Action)
    }

    /// Something the user can do next.
    public enum Action: Sendable, Hashable {
        /// List every exercise id.
        case listExercises
        /// Show everything about one exercise.
        case showExercise(id: String)
        /// Start a new exercise from the skeleton.
        case newExercise
        /// Check the whole project.
        case checkProject
        /// Fix what can be fixed in the exercise files (empty steps), then check.
        case fixProject
        /// Release the catalogue, optionally with a changelog note to fill in.
        case releaseCatalogue(note: String?)
        /// Ask for exercises that fit the findings (of one plan file, when given).
        case suggest(plan: String?)
        /// Render a plan into a handout.
        case render
        /// Send a handout.
        case send
        /// Send a handout that was already sent, on purpose.
        case resend
        /// Mark a release as a safety change.
        case markSafety
        /// Draw an exercise's pictures from its figures (every exercise's when nil).
        case drawFigures(id: String?)
    }

    /// The pieces, in reading order.
    public var parts: [Part]

    /// A hint of plain words.
    public init(_ text: String) { parts = [.text(text)] }

    /// A hint from pieces.
    public init(parts: [Part]) { self.parts = parts }

    public init(stringLiteral value: String) { parts = [.text(value)] }

    public init(stringInterpolation: StringInterpolation) { parts = stringInterpolation.parts }

    /// Builds a hint from a literal with interpolated text and actions.
    public struct StringInterpolation: StringInterpolationProtocol {
        var parts: [Part] = []

        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ literal: String) { appendText(literal) }

        public mutating func appendInterpolation(_ value: some CustomStringConvertible) { appendText(value.description) }

        public mutating func appendInterpolation(_ action: Action) { parts.append(.action(action)) }

        public mutating func appendInterpolation(_ hint: Hint) {
            for part in hint.parts {
                if case .text(let text) = part { appendText(text) } else { parts.append(part) }
            }
        }

        mutating func appendText(_ text: String) {
            guard !text.isEmpty else { return }
            if case .text(let previous)? = parts.last {
                parts[parts.count - 1] = .text(previous + text)
            } else {
                parts.append(.text(text))
            }
        }
    }

    /// This hint with words put in front ("did you mean 'x'? " + hint).
    public func prefixed(_ text: String) -> Hint { "\(text)\(self)" }

    /// The actions the hint names, in order.
    public var actions: [Action] {
        parts.compactMap { if case .action(let action) = $0 { action } else { nil } }
    }

    /// The hint as text, with each action worded by `word`.
    public func text(wordingActions word: (Action) -> String) -> String {
        parts.map { part in
            switch part {
            case .text(let text): text
            case .action(let action): word(action)
            }
        }.joined()
    }
}
