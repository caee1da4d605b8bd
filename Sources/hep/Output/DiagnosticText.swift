import HEPKit

/// How the command line words diagnostics: compiler format, with each hint's actions as the
/// `hep ...` command to run. The only place that turns a hint into a command.
extension Hint.Action {
    /// The action as a command line, in backquotes.
    var commandLine: String {
        switch self {
        case .listExercises: "`hep exercises list`"
        case .showExercise(let id): "`hep exercises show \(id)`"
        case .newExercise: "`hep exercises new ID`"
        case .checkProject: "`hep check`"
        case .releaseCatalogue(nil): "`hep catalogue release`"
        case .releaseCatalogue(let note?): "`hep catalogue release --note \"\(note)\"`"
        case .suggest(nil): "`hep suggest`"
        case .suggest(let plan?): "`hep suggest \(plan)`"
        case .render: "`hep render`"
        case .send: "run `hep send`"
        case .resend: "--resend"
        case .markSafety: "--safety"
        case .drawFigures(nil): "`hep exercises draw`"
        case .drawFigures(let id?): "`hep exercises draw \(id)`"
        }
    }
}

extension Hint {
    /// The hint as the command line prints it.
    var commandLineText: String { text(wordingActions: \.commandLine) }
}

extension SourceLocation {
    /// `file:line:col`, with line and column 1 when unknown so editors can still jump to the file;
    /// a folder (ending in `/`) is printed as it is.
    var commandLineText: String {
        if line == 0 && file.hasSuffix("/") { return file }
        return "\(file):\(max(line, 1)):\(max(column, 1))"
    }
}

extension Diagnostic {
    /// `path:line:col: severity: message`, then `  hint: ...` on its own line.
    var commandLineText: String {
        var text = "\(location.commandLineText): \(severity.rawValue): \(message)"
        if let hint { text += "\n  hint: \(hint.commandLineText)" }
        return text
    }
}

extension DiagnosticList {
    /// The text printed to the user: each diagnostic, then a summary line.
    var report: String { report(extraWarnings: 0) }

    /// The report, counting warnings already printed elsewhere in the summary.
    func report(extraWarnings: Int) -> String {
        // Count what is printed: a file read twice (the vocabulary) must not count its problems twice.
        let printed = sorted
        let lines = printed.map(\.commandLineText)
        let errorCount = printed.filter { $0.severity == .error }.count
        let warningCount = printed.filter { $0.severity == .warning }.count + extraWarnings
        var summary = "\(errorCount) error\(errorCount == 1 ? "" : "s"), \(warningCount) warning\(warningCount == 1 ? "" : "s")"
        if lines.isEmpty && warningCount == 0 { summary = "no problems found" }
        return (lines + [summary]).joined(separator: "\n")
    }
}
