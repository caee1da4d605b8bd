import ArgumentParser

extension HEP {
    /// The entry point: `hep --help` and a plain `hep render` line are read here, and anything else (other
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
        await main(nil)
    }
}

extension HEP.Render {
    /// `render` followed by plan paths and the options `--project`, `--output`, `--jobs` (each at
    /// most once, as `--name value` or `--name=value`, not empty) and the flags `--quiet`, `--timings`, `--eml`
    /// (each at most once): the command the argument parser would give for the same line. Nil for
    /// any other line, including every one the parser would refuse.
    init?(quickArguments arguments: [String]) {
        guard arguments.first == "render" else { return nil }
        var values: [String: String] = [:], flags: Set<String> = [], plans: [String] = []
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-") else {
                plans.append(argument)
                continue
            }
            var name = argument, value: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            switch name {
            case "--project", "--output", "--jobs":
                if value == nil {
                    guard index < arguments.count, !arguments[index].hasPrefix("-") else { return nil }
                    value = arguments[index]
                    index += 1
                }
                guard let value, !value.isEmpty, values.updateValue(value, forKey: name) == nil else { return nil }
            case "--quiet", "--timings", "--eml":
                guard value == nil, flags.insert(name).inserted else { return nil }
            default:
                return nil
            }
        }
        var jobs: Int?
        if let text = values["--jobs"] {
            guard let number = Int(text), number >= 1 else { return nil }
            jobs = number
        }
        self.init()
        var options = ProjectOptions()
        options.project = values["--project"] ?? "."
        options.quiet = flags.contains("--quiet")
        self.options = options
        self.output = values["--output"]
        self.jobs = jobs
        self.timings = flags.contains("--timings")
        self.eml = flags.contains("--eml")
        self.plans = plans
    }
}
