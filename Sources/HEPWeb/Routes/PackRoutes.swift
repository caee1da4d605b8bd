import Foundation
import HEPKit
import Hummingbird

/// The Packs pages' view models.
struct PacksPage: Sendable {
    struct Row: Sendable { var name: String; var title: String; var count: Int; var link: String; var problem: String? }
    var rows: [Row]
    var isEmpty: Bool
    var folder: String
}

struct PackPage: Sendable {
    struct Item: Sendable { var id: String; var title: String; var dose: String; var note: String }
    var name: String
    var title: String
    var file: String
    var items: [Item]
    var errors: [DiagnosticRow]
    var hasErrors: Bool
}

extension DeskRoutes {
    /// `/packs`, `/packs/{name}` and "Save as pack" from the plan editor.
    static func addPacks(to router: Router<DeskContext>, desk: Desk) {
        router.get("/packs") { _, context -> Response in
            let (snapshot, _) = desk.snapshot()
            let project = desk.host.project
            let rows = PlanPacks.names(in: project).map { name -> PacksPage.Row in
                var diagnostics = DiagnosticList()
                let pack = PlanPacks.load(name, project: project, catalogue: snapshot?.catalogue, into: &diagnostics)
                return .init(name: name, title: pack?.title ?? name, count: pack?.exercises.count ?? 0, link: "/packs/\(name)",
                             problem: diagnostics.hasErrors ? "has errors" : nil)
            }
            return desk.pages.page("packs", title: "Packs", context: context, section: "packs",
                                   PacksPage(rows: rows, isEmpty: rows.isEmpty, folder: PlanPacks.folder))
        }
        router.get("/packs/:name") { _, context -> Response in
            guard let name = context.parameters.get("name"), PlanPacks.isValidName(name),
                  PlanPacks.names(in: desk.host.project).contains(name) else {
                throw HTTPError(.notFound, message: "There is no such pack.")
            }
            let (snapshot, _) = desk.snapshot()
            var diagnostics = DiagnosticList()
            let pack = PlanPacks.load(name, project: desk.host.project, catalogue: snapshot?.catalogue, into: &diagnostics)
            var items: [PackPage.Item] = []
            if let pack {
                for exercise in pack.exercises {
                    var ignored = DiagnosticList()
                    let details = snapshot?.catalogue.load(exercise.id, into: &ignored)
                    let dose = PlanDraft.Exercise.doseKeys.compactMap { key in exercise.dosage[key].map { "\(key) \($0)" } }.joined(separator: ", ")
                    let catalogueDose = details.map { describe($0.dosage) } ?? ""
                    items.append(.init(id: exercise.id, title: details?.title ?? exercise.id,
                                       dose: dose.isEmpty ? catalogueDose : "\(dose) (\(catalogueDose.prefix(1).lowercased() + catalogueDose.dropFirst()))", note: exercise.note))
                }
            }
            let errors = DiagnosticRow.rows(diagnostics)
            return desk.pages.page("pack", title: pack?.title ?? name, context: context, section: "packs",
                                   PackPage(name: name, title: pack?.title ?? name, file: "\(PlanPacks.folder)/\(name).yaml", items: items,
                                            errors: errors, hasErrors: !errors.isEmpty))
        }
        // The editor's whole form comes here: the draft is saved as it is, then its exercises become the pack.
        router.post("/patients/:pid/plans/:draft/pack") { _, context -> Response in
            let (pid, name) = try draftAddress(context)
            let text = try loadDraft(desk, pid, name)
            let (snapshot, problems) = desk.snapshot()
            guard let snapshot else { return projectBroken(desk, context, problems) }
            guard let base = try? PlanDraft(text: text, file: name) else { return PageRenderer.redirect(editorURL(pid, name)) }
            let draft = EditorForm.draft(context.form, base: base, catalogue: snapshot.catalogue)
            do {
                try PlanDrafts.save(text: draft.text(keeping: text), store: desk.store, patientID: pid, name: name)
            } catch {
                return PageRenderer.redirect(editorURL(pid, name) + "?error=" + percent("The plan was not saved: \(error)") + "#packs")
            }
            do {
                let saved = try PlanPacks.save(title: context.form["pack.title"] ?? "", exercises: draft.exercises, project: snapshot.project,
                                               replace: context.form["pack.replace"] == "true")
                return PageRenderer.redirect(editorURL(pid, name) + "?saved=1&notice=" + percent("Saved the pack “\(saved)” (\(PlanPacks.folder)/\(saved).yaml).") + "#packs")
            } catch let error as PlanPacks.SaveError {
                return PageRenderer.redirect(editorURL(pid, name) + "?saved=1&error=" + percent("The pack was not saved: \(error.description); \(error.hint).") + "#packs")
            } catch {
                return PageRenderer.redirect(editorURL(pid, name) + "?saved=1&error=" + percent("The pack was not saved: \(error)") + "#packs")
            }
        }
    }
}
