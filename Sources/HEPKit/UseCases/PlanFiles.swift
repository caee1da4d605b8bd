import Foundation

/// Plan arguments: files, or folders holding `*.yaml` plans (sorted, so runs are repeatable).
public enum PlanFiles {
    /// The plan files named by `arguments`; a missing path or an empty folder is an error.
    public static func expand(_ arguments: [String], into diagnostics: inout DiagnosticList) -> [URL] {
        paths(arguments, into: &diagnostics).map { URL(fileURLWithPath: $0) }
    }

    /// `expand` as paths (a batch of 10,000 plans keeps a short string per plan, not a URL).
    public static func paths(_ arguments: [String], into diagnostics: inout DiagnosticList) -> [String] {
        var files: [String] = []
        for argument in arguments {
            let url = URL(fileURLWithPath: argument)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                diagnostics.error(SourceLocation(file: argument), "no such plan file",
                                  hint: "check the path; plans are YAML files such as Examples/plans/low-back-pain.yaml")
                continue
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
                let plans = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
                if plans.isEmpty {
                    diagnostics.error(SourceLocation(file: argument), "the folder has no .yaml plans")
                }
                let folder = url.path.hasSuffix("/") ? url.path : url.path + "/"
                files += plans.map { folder + $0 }
            } else {
                files.append(url.path)
            }
        }
        return files
    }
}
