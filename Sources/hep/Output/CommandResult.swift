import HEPKit

/// What a command produced: lines for standard output, diagnostics for standard error, and
/// whether it succeeded. `emit` prints it; tests read it.
struct CommandResult: Sendable {
    /// Lines for standard output.
    var output: [String] = []
    /// Diagnostics for standard error.
    var diagnostics = DiagnosticList()
    /// Exit status: 0 success, 1 failure.
    var exitCode: Int32 = 0
    /// Warnings already printed as they came (not in `diagnostics`), counted for the summary.
    var streamedWarnings = 0
    /// The standard error text when a command words its diagnostics itself (`hep check
    /// --summary`, `--format json`); nil for the usual report.
    var errorTextOverride: String?

    /// An empty, successful result.
    init() {}

    /// A result carrying `diagnostics`, failing when one is an error.
    init(diagnostics: DiagnosticList, output: [String] = []) {
        self.diagnostics = diagnostics
        self.output = output
        exitCode = diagnostics.hasErrors ? 1 : 0
    }

    /// The standard output text.
    var outputText: String { output.isEmpty ? "" : output.joined(separator: "\n") + "\n" }

    /// The standard error text: sorted diagnostics, then a summary line when there are any.
    var errorText: String {
        if let errorTextOverride { return errorTextOverride }
        guard !diagnostics.all.isEmpty || streamedWarnings > 0 else { return "" }
        return diagnostics.report(extraWarnings: streamedWarnings) + "\n"
    }
}
