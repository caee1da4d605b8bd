import Foundation

/// `hep render PLAN...`: check, then render and write each plan as a new handout folder.
public enum RenderCommand {
    /// Renders `plans` (files, or folders of `*.yaml`). Nothing is written if any plan, or the
    /// project, has an error.
    public static func run(plans: [String], project: Project, output: URL?) -> CommandResult {
        var result = CommandResult()
        guard var workspace = Workspace.load(project, into: &result.diagnostics) else {
            result.output.append("Nothing was written.")
            result.exitCode = 1
            return result
        }
        let files = PlanFiles.expand(plans, into: &result.diagnostics)
        var prepared: [(Plan, [HandoutComposer.Item])] = []
        for file in files {
            guard let plan = workspace.loadPlan(at: file, into: &result.diagnostics),
                  let items = workspace.prepare(plan, into: &result.diagnostics) else { continue }
            prepared.append((plan, items))
        }
        if result.diagnostics.hasErrors || files.isEmpty {
            if files.isEmpty && !result.diagnostics.hasErrors {
                result.diagnostics.error(SourceLocation(file: plans.first ?? "."), "no plan files given",
                                         hint: "pass one or more plan .yaml files or a folder of them")
            }
            result.output.append("Nothing was written.")
            result.exitCode = 1
            return result
        }
        let outputRoot = output ?? project.url("Output")
        for (plan, items) in prepared {
            let handout = workspace.render(plan, items: items)
            do {
                let folder = try workspace.write(handout, for: plan, to: outputRoot)
                result.output.append(displayPath(folder, project: project))
            } catch {
                result.diagnostics.error(SourceLocation(file: plan.file), "could not write the handout: \(error)")
                result.exitCode = 1
            }
        }
        return result
    }

    static func displayPath(_ url: URL, project: Project) -> String {
        project.displayPath(of: url) + "/"
    }
}

/// Plan arguments: files, or folders holding `*.yaml` plans (sorted, so runs are repeatable).
enum PlanFiles {
    static func expand(_ arguments: [String], into diagnostics: inout DiagnosticList) -> [URL] {
        var files: [URL] = []
        for argument in arguments {
            let url = URL(fileURLWithPath: argument)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                diagnostics.error(SourceLocation(file: argument), "no such plan file",
                                  hint: "check the path; plans are YAML files such as Examples/plans/jane.yaml")
                continue
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
                let plans = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
                if plans.isEmpty {
                    diagnostics.error(SourceLocation(file: argument), "the folder has no .yaml plans")
                }
                files += plans.map { url.appendingPathComponent($0) }
            } else {
                files.append(url)
            }
        }
        return files
    }
}
