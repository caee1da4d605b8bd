import Foundation

/// Reading and resolving plans against a snapshot.
extension ProjectSnapshot {
    /// Reads and parses a plan file.
    public func loadPlan(at url: URL, into diagnostics: inout DiagnosticList) -> Plan? {
        let shown = project.displayPath(of: url)
        guard let text = TextFile.read(url, shownAs: shown, into: &diagnostics) else { return nil }
        return Plan.parse(text, file: shown, into: &diagnostics)
    }

    /// Resolves a plan's exercises and vocabulary references; adds errors and the practitioner's
    /// warnings. Returns the items to render, or nil when there is an error.
    ///
    /// `exact` supplies the exact exercise texts to use by id (reproducing an issued handout).
    public func prepare(_ plan: Plan, exact: [String: Exercise] = [:], into diagnostics: inout DiagnosticList) -> [HandoutComposer.Item]? {
        var found = DiagnosticList()
        let vocabulary = catalogue.vocabulary
        catalogue.resolveTerms(of: plan, into: &found)
        var items: [HandoutComposer.Item] = []
        var seen: [String: SourceLocation] = [:]
        for prescription in plan.exercises {
            let id = prescription.id
            if let first = seen[id.value] {
                found.error(id.location, "exercise '\(id.value)' is already in this plan (line \(first.line))",
                            hint: "list each exercise once; change its dose instead")
                continue
            }
            seen[id.value] = id.location
            var exercise: Exercise
            if let given = exact[id.value] {
                exercise = given
            } else {
                guard catalogue.files[id.value] != nil else {
                    found.error(id.location, "no exercise with id '\(id.value)' in Exercises/", hint: catalogue.hint(forUnknown: id.value))
                    continue
                }
                var exerciseDiagnostics = DiagnosticList()
                guard let current = catalogue.load(id.value, into: &exerciseDiagnostics) else {
                    found.append(contentsOf: exerciseDiagnostics)
                    found.error(id.location, "exercise '\(id.value)' has errors (see above) and cannot be used",
                                hint: "fix the exercise file; \(.checkProject) lists every problem")
                    continue
                }
                found.append(contentsOf: exerciseDiagnostics)
                exercise = current
                if let pinned = prescription.version, pinned != current.version {
                    guard let archived = catalogue.archived(id.value, version: pinned, at: id.location, into: &found) else { continue }
                    exercise = archived
                } else if current.retired {
                    let replacement = current.replacedBy?.value ?? "another exercise"
                    found.error(id.location, "'\(id.value)' is retired and replaced by '\(replacement)'",
                                hint: "prescribe '\(replacement)' instead, or pin `version:` to reissue the old text on purpose")
                    continue
                } else if current.isDraft {
                    found.error(id.location, "'\(id.value)' is a draft, not yet reviewed",
                                hint: "have \(current.file) reviewed, then set `status: reviewed` in it (or remove the `status:` line); or choose another exercise",
                                kind: "draft")
                    continue
                }
            }
            if let address = prescription.addresses {
                let known = vocabulary.term(.muscles, address.value) != nil || vocabulary.term(.regions, address.value) != nil
                let inFindings = plan.muscles.contains { $0.muscle.value == address.value }
                    || plan.pain.contains { $0.region.value == address.value }
                if !known {
                    var hint: Hint = "name a muscle or region from the plan's findings"
                    if let close = Suggestions.closest(to: address.value, in: vocabulary.ids(.muscles) + vocabulary.ids(.regions)) {
                        hint = hint.prefixed("did you mean '\(close)'? ")
                    }
                    found.error(address.location, "unknown muscle or region '\(address.value)'", hint: hint)
                } else if !inFindings {
                    found.error(address.location, "'addresses: \(address.value)' names nothing in this plan's findings",
                                hint: "add the finding under `findings:`, or remove `addresses:`")
                }
            }
            items.append(.init(exercise: exercise, dose: prescription.dosage.applied(to: exercise.dosage), prescription: prescription))
        }
        if !found.hasErrors {
            found.append(contentsOf: ProgramAdvice(plan: plan, items: items, clinic: clinic, vocabulary: vocabulary, catalogue: catalogue).warnings())
        }
        diagnostics.append(contentsOf: found)
        return found.hasErrors ? nil : items
    }
}

extension ProjectSnapshot {
    /// The composer for a language (nil when the project has no wording for it).
    public func composer(language: String) -> HandoutComposer? {
        guard let wording = wordings[language] else { return nil }
        return HandoutComposer(vocabulary: catalogue.vocabulary, wording: wording, clinic: clinic, catalogueVersion: catalogueVersion)
    }
}

extension ExerciseCatalogue {
    /// Resolves the vocabulary terms a plan's findings, conditions and equipment name.
    func resolveTerms(of plan: Plan, into diagnostics: inout DiagnosticList) {
        for finding in plan.muscles { vocabulary.resolve(finding.muscle, as: .muscles, into: &diagnostics) }
        for pain in plan.pain { vocabulary.resolve(pain.region, as: .regions, into: &diagnostics) }
        for condition in plan.conditions { vocabulary.resolve(condition, as: .conditions, into: &diagnostics) }
        for item in plan.equipment { vocabulary.resolve(item, as: .equipment, into: &diagnostics) }
    }

    /// Parses the exercises and vocabulary terms the plans at `paths` name, so that preparing
    /// those plans finds them done (both are remembered by the catalogue, with their problems).
    /// Nothing is reported here: a plan's problems are reported when it is prepared. (Each plan is
    /// parsed again then; a plan is a few KB, its exercises and terms are most of the work.)
    func readAhead(plans paths: [String]) {
        for path in paths {
            var ignored = DiagnosticList()
            let url = URL(fileURLWithPath: path)
            let shown = project.displayPath(of: url)
            guard let text = TextFile.read(url, shownAs: shown, into: &ignored),
                  let plan = Plan.parse(text, file: shown, into: &ignored) else { continue }
            resolveTerms(of: plan, into: &ignored)
            for prescription in plan.exercises where files[prescription.id.value] != nil {
                _ = load(prescription.id.value, into: &ignored)
            }
        }
    }
}
