import ArgumentParser

extension HEP {
    /// The entry point: `hep --help` and plain `hep render` and `hep check` lines are read here, and anything else (other
    /// commands, any option or form this does not know) by the argument parser, whose reflection
    /// over every command's declarations costs more than a one-plan render's own start.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments == ["--help"] || arguments == ["-h"], let help = RootHelp.text(columns: RootHelp.columns) {
            print(help)
            return
        }
        if let render = Render(quickArguments: arguments) {
            do {
                try await render.run()
            } catch {
                exit(withError: error)
            }
            return
        }
        if let check = Check(quickArguments: arguments) {
            do {
                try await check.run()
            } catch {
                exit(withError: error)
            }
            return
        }
        await main(nil)
    }
}

/// A command line in the few simple forms the quick paths read: after the command's name, words
/// that do not start with `-` (the positional arguments), options as `--name value` or
/// `--name=value` (not empty, the value not starting with `-`, each at most once unless
/// repeatable) and flags (each at most once). Nil for anything else, so the argument parser
/// answers every line this does not read exactly as it would.
struct QuickLine {
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []

    init?(_ arguments: [String], command: String, options: Set<String>, repeatable: Set<String> = [], flags known: Set<String>) {
        guard arguments.first == command else { return nil }
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-") else {
                positionals.append(argument)
                continue
            }
            var name = argument, value: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            if options.contains(name) || repeatable.contains(name) {
                if value == nil {
                    guard index < arguments.count, !arguments[index].hasPrefix("-") else { return nil }
                    value = arguments[index]
                    index += 1
                }
                guard let value, !value.isEmpty, repeatable.contains(name) || values[name] == nil else { return nil }
                values[name, default: []].append(value)
            } else if known.contains(name) {
                guard value == nil, flags.insert(name).inserted else { return nil }
            } else {
                return nil
            }
        }
    }

    func value(_ name: String) -> String? { values[name]?.first }
}

extension HEP.Render {
    /// `render` followed by plan paths and the options `--project`, `--output`, `--jobs` and the
    /// flags `--quiet`, `--timings`, `--eml`: the command the argument parser would give for the
    /// same line. Nil for any other line, including every one the parser would refuse.
    init?(quickArguments arguments: [String]) {
        guard let line = QuickLine(arguments, command: "render", options: ["--project", "--output", "--jobs"],
                                   flags: ["--quiet", "--timings", "--eml"]) else { return nil }
        var jobs: Int?
        if let text = line.value("--jobs") {
            guard let number = Int(text), number >= 1 else { return nil }
            jobs = number
        }
        self.init()
        var options = ProjectOptions()
        options.project = line.value("--project") ?? "."
        options.quiet = line.flags.contains("--quiet")
        self.options = options
        self.output = line.value("--output")
        self.jobs = jobs
        self.timings = line.flags.contains("--timings")
        self.eml = line.flags.contains("--eml")
        self.plans = line.positionals
    }
}

extension HEP.Check {
    /// `check` followed by plan paths and the options `--project`, `--format`, `--only`
    /// (repeatable) and the flags `--quiet`, `--summary`, `--fix`: the command the argument parser
    /// would give for the same line. Nil for any other line, and for every combination `validate()`
    /// refuses, so the parser gives its own message for those.
    init?(quickArguments arguments: [String]) {
        guard let line = QuickLine(arguments, command: "check", options: ["--project", "--format"], repeatable: ["--only"],
                                   flags: ["--quiet", "--summary", "--fix"]) else { return nil }
        var format = CheckCommand.Format.text
        if let text = line.value("--format") {
            guard let chosen = CheckCommand.Format(rawValue: text) else { return nil }
            format = chosen
        }
        self.init()
        var options = ProjectOptions()
        options.project = line.value("--project") ?? "."
        options.quiet = line.flags.contains("--quiet")
        self.options = options
        self.plans = line.positionals
        self.summary = line.flags.contains("--summary")
        self.fix = line.flags.contains("--fix")
        self.only = line.values["--only"] ?? []
        self.format = format
        guard (try? validate()) != nil else { return nil }
    }
}
