/// What a command produced: lines for standard output, diagnostics for standard error, and
/// whether it succeeded. The executable prints it; tests read it.
public struct CommandResult: Sendable {
    /// Lines for standard output.
    public var output: [String] = []
    /// Diagnostics for standard error.
    public var diagnostics = DiagnosticList()
    /// Exit status: 0 success, 1 failure.
    public var exitCode: Int32 = 0
    /// Warnings already printed as they came (not in `diagnostics`), counted for the summary.
    public var streamedWarnings = 0

    /// An empty, successful result.
    public init() {}

    /// The standard output text.
    public var outputText: String { output.isEmpty ? "" : output.joined(separator: "\n") + "\n" }

    /// The standard error text: sorted diagnostics, then a summary line when there are any.
    public var errorText: String {
        guard !diagnostics.all.isEmpty || streamedWarnings > 0 else { return "" }
        return diagnostics.report(extraWarnings: streamedWarnings) + "\n"
    }
}
