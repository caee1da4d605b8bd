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
        case .fixProject: "`hep check --fix`"
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
    func report(extraWarnings: Int) -> String { report(printing: sorted, extraWarnings: extraWarnings) }

    /// The report of `printed` (this list's diagnostics, some perhaps grouped into one line),
    /// counting every diagnostic of this list in the summary line.
    func report(printing printed: [Diagnostic], extraWarnings: Int = 0) -> String {
        // Count each problem once: a file read twice (the vocabulary) must not count its problems twice.
        let counted = sorted
        let lines = printed.map(\.commandLineText)
        let errorCount = counted.filter { $0.severity == .error }.count
        let warningCount = counted.filter { $0.severity == .warning }.count + extraWarnings
        var summary = "\(errorCount) error\(errorCount == 1 ? "" : "s"), \(warningCount) warning\(warningCount == 1 ? "" : "s")"
        if lines.isEmpty && warningCount == 0 { summary = "no problems found" }
        return (lines + [summary]).joined(separator: "\n")
    }
}

extension DiagnosticList {
    /// `hep check --summary`: one line per severity, counting by kind
    /// (`12 warnings: not released (10), reading grade (2)`), or "no problems found".
    var summaryByKind: String {
        let lines = countsByKind.map { group in
            let noun = "\(group.severity.rawValue)\(group.total == 1 ? "" : "s")"
            return "\(group.total) \(noun): " + group.kinds.map { "\($0.kind.replacingOccurrences(of: "-", with: " ")) (\($0.count))" }.joined(separator: ", ")
        }
        return lines.isEmpty ? "no problems found" : lines.joined(separator: "\n")
    }
}
