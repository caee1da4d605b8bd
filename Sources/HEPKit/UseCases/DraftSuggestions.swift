import Foundation

/// The plan editor's exercise pickers over a draft that may still be half written: the ranked
/// suggestions of `hep suggest` for its findings, and a catalogue search with the editor's filters.
public enum DraftSuggestions {
    /// The plan the suggester reads for a draft: its findings, conditions, equipment and exercises.
    /// A draft with no exercise yet is read with a placeholder one (never shown, never a catalogue id),
    /// so that "no exercise yet" does not keep the findings from being read.
    static func plan(for draft: PlanDraft, into diagnostics: inout DiagnosticList) -> Plan? {
        var readable = draft
        if readable.exercises.isEmpty { readable.exercises = [PlanDraft.Exercise(id: "-")] }
        return Plan.parse(readable.text(), file: "plan", into: &diagnostics)
    }

    /// Ranked suggestions for the draft's findings, with their reasons (empty when it records no
    /// findings); nil with the plan's errors when its findings cannot be read yet.
    public static func suggestions(for draft: PlanDraft, snapshot: ProjectSnapshot, perFinding: Int = 3,
                                   into diagnostics: inout DiagnosticList) async -> [Suggester.Group]? {
        var found = DiagnosticList()
        guard let plan = plan(for: draft, into: &found) else {
            diagnostics.append(contentsOf: found)
            return nil
        }
        await snapshot.catalogue.loadAll(into: &found)
        let suggester = Suggester(vocabulary: snapshot.catalogue.vocabulary, exercises: snapshot.catalogue.loaded, perFinding: perFinding)
        return suggester.suggest(for: plan)
    }

    /// The exercise a suggestion adds: its side when it differs from the catalogue's, and the finding it answers.
    public static func exercise(for suggestion: Suggester.Suggestion) -> PlanDraft.Exercise {
        PlanDraft.Exercise(id: suggestion.exercise.id, side: suggestion.side == suggestion.exercise.dosage.side ? "" : suggestion.side.rawValue,
                           addresses: suggestion.addresses)
    }

    /// The editor's catalogue search: `filter` as on the Catalogue page, drafts left out, and with
    /// `ownEquipmentOnly` only exercises whose equipment the draft lists (household items always count).
    public static func search(_ filter: CatalogueQueries.Filter, ownEquipmentOnly: Bool, draft: PlanDraft,
                              catalogue: ExerciseCatalogue, into diagnostics: inout DiagnosticList) async -> [Exercise] {
        let owned = Set(draft.equipment)
        return await CatalogueQueries.list(catalogue, filter: filter, into: &diagnostics).filter { exercise in
            !exercise.isDraft && !exercise.retired
                && (!ownEquipmentOnly || exercise.equipmentIDs.allSatisfy { owned.contains($0) || catalogue.vocabulary.term(.equipment, $0)?.household == true })
        }
    }
}
