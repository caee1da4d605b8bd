import Foundation

/// A named set of exercises and doses a plan starts from ("Low back, week 1"): a clinic file kept
/// with the catalogue as `Exercises/packs/<name>.yaml`, shared and versioned like the exercises
/// (the catalogue reads only `*.md`, so packs are never taken for exercises).
///
/// ```yaml
/// name: Low back, week 1
/// exercises:
///   - id: glute-bridge
///     dosage: {sets: 2, reps: 10}
///   - id: cat-cow
///     note: Slowly, in time with your breath.
/// ```
///
/// Items are written as in a plan's `exercises:` (id, `version:`, `side:`, `dosage:`, `note:`); a
/// pack holds nothing about one patient, so no `addresses:` (and a pack saved from a plan leaves
/// out the plan's sides and pinned versions).
public struct Pack: Sendable, Hashable {
    /// The file name without `.yaml` (what `--pack` and `/packs/NAME` take).
    public var name: String
    /// The title shown ("Low back, week 1").
    public var title: String
    /// The exercises, in order.
    public var exercises: [PlanDraft.Exercise]
    /// The file as shown (`Exercises/packs/low-back-week-1.yaml`).
    public var file: String
}

/// Listing, reading, checking and saving packs; starting a plan from one. What `hep plan new
/// --pack`, `hep check` and the desk's Packs pages call.
public enum PlanPacks {
    /// Where packs live in the project.
    public static let folder = "Exercises/packs"

    /// The file name for a pack title: lower-case letters, digits and single dashes ("Low back, week 1" -> "low-back-week-1").
    public static func fileName(for title: String) -> String {
        var name = ""
        for scalar in title.lowercased().unicodeScalars {
            if scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar)) { name.unicodeScalars.append(scalar) } else if !name.hasSuffix("-") { name += "-" }
        }
        while name.hasSuffix("-") { name.removeLast() }
        while name.hasPrefix("-") { name.removeFirst() }
        return String(name.prefix(60))
    }

    /// True for a name that can only be a pack file in the folder (no dots, slashes or other characters).
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 60 && name == fileName(for: name)
    }

    /// The names of every pack, sorted.
    public static func names(in project: Project) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: project.url(folder).path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.filter(isValidName).sorted()
    }

    /// Reads the pack `name` and checks it against the catalogue (unknown, retired or draft exercises are located errors).
    public static func load(_ name: String, project: Project, catalogue: ExerciseCatalogue?, into diagnostics: inout DiagnosticList) -> Pack? {
        let file = "\(folder)/\(name).yaml"
        guard isValidName(name) else {
            diagnostics.error(SourceLocation(file: folder + "/"), "no pack named '\(name)'",
                              hint: "pack names are lower-case words joined by dashes; the packs are: \(names(in: project).joined(separator: ", "))")
            return nil
        }
        guard FileManager.default.fileExists(atPath: project.url(file).path) else {
            let known = names(in: project)
            var hint: Hint = known.isEmpty ? "save one from the plan editor (“Save as pack”), or write \(file)" : "the packs are: \(known.joined(separator: ", "))"
            if let close = Suggestions.closest(to: name, in: known) { hint = hint.prefixed("did you mean '\(close)'? ") }
            diagnostics.error(SourceLocation(file: folder + "/"), "no pack named '\(name)' in \(folder)/", hint: hint)
            return nil
        }
        guard let text = TextFile.read(project.url(file), shownAs: file, into: &diagnostics) else { return nil }
        return parse(text, name: name, file: file, catalogue: catalogue, into: &diagnostics)
    }

    /// Parses pack text; nil when it has errors.
    public static func parse(_ text: String, name: String, file: String, catalogue: ExerciseCatalogue?, into diagnostics: inout DiagnosticList) -> Pack? {
        var reader = YAMLReader()
        defer { diagnostics.append(contentsOf: reader.diagnostics) }
        guard let root = reader.parse(text, file: file),
              let fields = reader.mapping(root, known: ["name", "exercises"], what: "a pack") else { return nil }
        let title = reader.string("name", in: fields) ?? name
        var exercises: [PlanDraft.Exercise] = []
        if let value = fields["exercises"], let items = reader.list(value) {
            if items.isEmpty { reader.diagnostics.error(value.location, "'exercises' is empty", hint: "list at least one exercise: `- id: glute-bridge`") }
            var seen: [String: Int] = [:]
            for item in items {
                guard let prescription = Plan.readPrescription(item, reader: &reader) else { continue }
                if let addresses = prescription.addresses {
                    reader.diagnostics.error(addresses.location, "a pack has no 'addresses:': findings belong to one patient's plan",
                                             hint: "remove the line; link the exercise to a finding in the plan")
                }
                let id = prescription.id
                if let line = seen[id.value] {
                    reader.diagnostics.error(id.location, "exercise '\(id.value)' is already in this pack (line \(line))", hint: "list each exercise once")
                }
                seen[id.value] = id.location.line
                if let catalogue { check(id, in: catalogue, into: &reader.diagnostics) }
                exercises.append(draftExercise(prescription))
            }
        } else if fields["exercises"] == nil {
            reader.missing("exercises", in: fields, hint: "add `exercises:` with `- id: ...` items")
        }
        guard !reader.diagnostics.hasErrors else { return nil }
        return Pack(name: name, title: title, exercises: exercises, file: file)
    }

    static func check(_ id: Located<String>, in catalogue: ExerciseCatalogue, into diagnostics: inout DiagnosticList) {
        guard catalogue.files[id.value] != nil else {
            diagnostics.error(id.location, "no exercise with id '\(id.value)' in Exercises/", hint: catalogue.hint(forUnknown: id.value))
            return
        }
        var ignored = DiagnosticList()
        guard let exercise = catalogue.load(id.value, into: &ignored) else { return }  // its own errors are reported for its file
        if exercise.retired {
            let replacement = exercise.replacedBy?.value ?? "another exercise"
            diagnostics.error(id.location, "'\(id.value)' is retired and replaced by '\(replacement)'", hint: "put '\(replacement)' in the pack instead")
        } else if exercise.isDraft {
            diagnostics.error(id.location, "'\(id.value)' is a draft, not yet reviewed", hint: "have \(exercise.file) reviewed, or choose another exercise", kind: "draft")
        }
    }

    static func draftExercise(_ prescription: Plan.Prescription) -> PlanDraft.Exercise {
        var exercise = PlanDraft.Exercise(id: prescription.id.value, side: prescription.dosage.side?.rawValue ?? "", note: prescription.note ?? "")
        if let version = prescription.version { exercise.version = String(version) }
        let dose = prescription.dosage
        let values: [(String, String?)] = [("sets", dose.sets.map(String.init)), ("reps", dose.reps.map(String.init)),
                                           ("seconds", dose.seconds.map(String.init)), ("hold", dose.hold.map(String.init)),
                                           ("rest", dose.rest.map(String.init)), ("tempo", dose.tempo?.description),
                                           ("per-day", dose.perDay.map(String.init)), ("days-per-week", dose.daysPerWeek.map(String.init))]
        for case let (key, value?) in values { exercise.dosage[key] = value }
        return exercise
    }

    /// Checks every pack in the project (what `hep check` adds).
    public static func checkAll(project: Project, catalogue: ExerciseCatalogue, into diagnostics: inout DiagnosticList) {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: project.url(folder).path)) ?? []
        for file in files.sorted() where file.hasSuffix(".yaml") {
            let name = String(file.dropLast(5))
            guard isValidName(name) else {
                diagnostics.error(SourceLocation(file: "\(folder)/\(file)"), "'\(file)' is not a pack name",
                                  hint: "name packs with lower-case words joined by dashes, e.g. low-back-week-1.yaml")
                continue
            }
            _ = load(name, project: project, catalogue: catalogue, into: &diagnostics)
        }
    }

    /// The text of a pack with `title` holding `exercises` (their sides, findings and versions left out).
    public static func text(title: String, exercises: [PlanDraft.Exercise]) -> String {
        var lines = ["# A pack: exercises and doses a plan starts from (the plan editor's “Start from a pack”, or hep plan new --pack).",
                     "name: \(PlanDraftWriter.scalar(title))", "exercises:"]
        for exercise in exercises where !exercise.id.isEmpty {
            var item = exercise
            item.side = ""
            item.addresses = ""
            item.version = ""
            var draft = PlanDraft()
            draft.exercises = [item]
            let values = PlanDraftWriter.values(draft)
            if case .list(let items)? = values.first(where: { $0.key == "exercises" })?.value {
                lines += items.flatMap { PlanDraftWriter.item($0, indent: "  ") }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Why a pack was not saved.
    public struct SaveError: Error, Sendable, CustomStringConvertible {
        public var description: String
        public var hint: String
    }

    /// Writes a pack for `title` (atomically); refuses to replace an existing pack unless `replace`. Returns its name.
    @discardableResult
    public static func save(title: String, exercises: [PlanDraft.Exercise], project: Project, replace: Bool = false) throws(SaveError) -> String {
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        let name = fileName(for: title)
        guard !name.isEmpty, title.count <= 100 else {
            throw SaveError(description: "a pack needs a name of letters or digits (at most 100 characters)", hint: "for example “Low back, week 1”")
        }
        let kept = exercises.filter { !$0.id.trimmingCharacters(in: .whitespaces).isEmpty }
        guard !kept.isEmpty else { throw SaveError(description: "the plan has no exercises to save as a pack", hint: "add exercises first") }
        let folderURL = project.url(folder)
        let url = folderURL.appendingPathComponent("\(name).yaml")
        if !replace && FileManager.default.fileExists(atPath: url.path) {
            throw SaveError(description: "a pack named '\(name)' exists already", hint: "choose another name, or tick “Replace it” to overwrite it")
        }
        do {
            try FileManager.default.createDirectory(at: folderURL, withIntermediateDirectories: true)
            let temporary = folderURL.appendingPathComponent(".\(name).yaml.hep-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            try Data(text(title: title, exercises: kept).utf8).write(to: temporary, options: .withoutOverwriting)
            guard rename(temporary.path, url.path) == 0 else {
                try? FileManager.default.removeItem(at: temporary)
                throw SaveError(description: "cannot write \(folder)/\(name).yaml: \(String(cString: strerror(errno)))", hint: "check that the folder can be written")
            }
        } catch let error as SaveError {
            throw error
        } catch {
            throw SaveError(description: "cannot write \(folder)/\(name).yaml: \(error.localizedDescription)", hint: "check that the folder can be written")
        }
        return name
    }

    /// The draft with the pack's exercises added after its own (an exercise already in the plan is left as it is).
    public static func start(_ draft: PlanDraft, from pack: Pack) -> PlanDraft {
        var draft = draft
        let present = Set(draft.exercises.map(\.id))
        draft.exercises += pack.exercises.filter { !present.contains($0.id) }
        return draft
    }

    /// What `hep plan new` writes: a new plan for one patient, dated `date`, with a pack's exercises.
    public static func newPlan(patientID: String, name: String, date: CalendarDate, practitioner: String?, pack: Pack?) -> PlanDraft {
        var draft = PlanDraft()
        draft.patient.id = patientID
        draft.patient.name = name
        draft.patient.language = "en"
        draft.sessionDate = date.description
        draft.practitioner = practitioner ?? ""
        if let pack { draft = start(draft, from: pack) }
        return draft
    }

    /// Writes a new plan file owner-only (0600, it holds patient data), never over an existing file:
    /// a private temporary file in the same folder, then `link(2)`, which fails if the name exists.
    public static func writeNewPlan(_ text: String, to url: URL) throws(SaveError) {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).hep-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try HandoutStore(root: folder).writePrivateFile(Data(text.utf8), to: temporary)
        } catch {
            throw SaveError(description: "cannot write the plan: \(error)", hint: "check that the folder exists and can be written")
        }
        defer { unlink(temporary.path) }
        guard link(temporary.path, url.path) == 0 else {
            let exists = errno == EEXIST
            throw SaveError(description: exists ? "the file exists already" : "cannot write the plan: \(String(cString: strerror(errno)))",
                            hint: exists ? "choose another file name; hep never replaces a plan" : "check that the folder exists and can be written")
        }
    }
}
