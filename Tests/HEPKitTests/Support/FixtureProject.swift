import Foundation
@testable import HEPKit
@testable import hep

extension Project {
    /// Parses one exercise of this project (tests only).
    func exercise(_ id: String) -> Exercise? {
        var diagnostics = DiagnosticList()
        return ExerciseCatalogue.open(self, into: &diagnostics).load(id, into: &diagnostics)
    }
}

/// The repository and small real project trees for tests.
enum Repository {
    /// The package root (holding Package.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var project: Project { Project(root: root) }

    static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }
}

/// A throwaway project: the repository's templates, wording, settings and vocabulary, and a few of
/// its exercises, in a temporary folder that tests may change.
struct FixtureProject {
    let root: URL

    static let defaultExercises = [
        "activate/side-lying-hip-abduction", "activate/clamshell", "integrate/glute-bridge",
        "integrate/single-leg-bridge", "integrate/sit-to-stand", "integrate/split-squat", "integrate/step-down",
        "activate/prone-hip-extension", "mobility/pelvic-tilt", "release/ball-release-quadratus-lumborum",
        "release/side-bend-stretch",
    ]

    init(exercises: [String] = FixtureProject.defaultExercises, released: Bool = true) async throws {
        let fm = FileManager.default
        root = fm.temporaryDirectory.appendingPathComponent("hep-fixture-\(UUID().uuidString)")
        try fm.createDirectory(at: root.appendingPathComponent("Exercises"), withIntermediateDirectories: true)
        try fm.copyItem(at: Repository.url("Templates"), to: root.appendingPathComponent("Templates"))
        try fm.copyItem(at: Repository.url("Exercises/vocabulary"), to: root.appendingPathComponent("Exercises/vocabulary"))
        try fm.copyItem(at: Repository.url("Exercises/images"), to: root.appendingPathComponent("Exercises/images"))
        try "name: fixture catalogue\nversion: \"unreleased\"\n".write(to: root.appendingPathComponent("Exercises/catalogue.yaml"),
                                                                     atomically: true, encoding: .utf8)
        for path in exercises {
            let target = root.appendingPathComponent("Exercises/\(path).md")
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fm.copyItem(at: Repository.url("Exercises/\(path).md"), to: target)
        }
        // Links to exercises not copied would not resolve; keep only links within the fixture.
        let ids = Set(exercises.map { String($0.split(separator: "/").last!) })
        for path in exercises {
            let url = root.appendingPathComponent("Exercises/\(path).md")
            var text = try String(contentsOf: url, encoding: .utf8)
            for key in ["easier", "harder"] {
                let pattern = "(?m)^\(key): \\[(.*)\\]$"
                guard let regex = try? NSRegularExpression(pattern: pattern),
                      let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
                      let range = Range(match.range(at: 1), in: text) else { continue }
                let kept = text[range].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { ids.contains($0) }
                text.replaceSubrange(range, with: kept.joined(separator: ", "))
            }
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        if released {
            let release = await ReleaseCommand.run(project: Project(root: root), note: nil, safety: false,
                                             date: CalendarDate(year: 2026, month: 11, day: 29))
            guard release.exitCode == 0 else { throw FixtureError(message: "fixture release failed: \(release.errorText)") }
        }
    }

    var project: Project { Project(root: root) }

    func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// Writes a file (creating folders).
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> URL {
        let url = url(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func read(_ relative: String) throws -> String { try String(contentsOf: url(relative), encoding: .utf8) }

    /// Replaces text in a file; fails the test if the text is not there.
    func edit(_ relative: String, replacing old: String, with new: String) throws {
        let text = try read(relative)
        guard text.contains(old) else { throw FixtureError(message: "'\(old)' not found in \(relative)") }
        try write(relative, text.replacingOccurrences(of: old, with: new))
    }

    /// Whether anything was written under Output/.
    var outputIsEmpty: Bool {
        let items = (try? FileManager.default.contentsOfDirectory(atPath: url("Output").path)) ?? []
        return items.isEmpty
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    struct FixtureError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// A small valid plan using fixture exercises.
    static let plan = """
    patient:
      id: t-001
      name: Test Patient
      preferred-name: Sam
      language: en
    session:
      date: 2026-11-20
    findings:
      muscles:
        - muscle: gluteus-medius
          side: left
          status: inhibited
        - muscle: quadratus-lumborum
          side: right
          status: overactive
    goals:
      - Walk without pain
    exercises:
      - id: ball-release-quadratus-lumborum
        side: right
      - id: side-lying-hip-abduction
        side: left
      - id: glute-bridge
    follow-up: 2026-12-01

    """
}
