import Foundation
import HEPKit

/// Where the plan's errors go on the editor's page: each beside the field or row its line belongs to.
struct EditorFieldErrors: Sendable {
    var patientName: [String] = []
    var preferredName: [String] = []
    var email: [String] = []
    var language: [String] = []
    var patient: [String] = []
    var sessionDate: [String] = []
    var practitioner: [String] = []
    var findings: [String] = []
    var movement: [String] = []
    var notes: [String] = []
    var goals: [String] = []
    var conditions: [String] = []
    var equipment: [String] = []
    var painLimit: [String] = []
    var exercises: [String] = []
    var keepOrder: [String] = []
    var advice: [String] = []
    var followUp: [String] = []
    /// Errors with no field of their own (shown under the notice at the top).
    var other: [String] = []

    /// Appends `message` to the list for a simple field key (see `EditorErrors.field`); false for a row key.
    mutating func add(_ message: String, to key: String) {
        switch key {
        case "patient.name": patientName.append(message)
        case "patient.preferred-name": preferredName.append(message)
        case "patient.email", "patient.email-confirmed": email.append(message)
        case "patient.language": language.append(message)
        case let key where key.hasPrefix("patient"): patient.append(message)
        case "session.practitioner": practitioner.append(message)
        case let key where key.hasPrefix("session"): sessionDate.append(message)
        case "findings.movement": movement.append(message)
        case "findings.notes": notes.append(message)
        case let key where key.hasPrefix("findings"): findings.append(message)
        case "goals": goals.append(message)
        case "conditions": conditions.append(message)
        case "equipment": equipment.append(message)
        case "pain-limit": painLimit.append(message)
        case "exercises": exercises.append(message)
        case "keep-order": keepOrder.append(message)
        case "advice": advice.append(message)
        case "follow-up": followUp.append(message)
        default: other.append(message)
        }
    }
}

enum EditorErrors {
    /// The form field that line `line` (1-based) of plan `text` belongs to: `patient.email`,
    /// `session.date`, `findings.movement`, `goals` ...; a row as `m:N` (muscle finding N),
    /// `p:N` (pain finding N) or `x:N` (exercise N), counting list items from 0 as the form does;
    /// "" for no line (an error about the file as a whole).
    static func field(line: Int, in text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard line >= 1, line <= lines.count else { return "" }
        var top = "", child = ""
        var childIndent: Int?, itemIndent: Int?
        var item = -1
        func keyName(_ trimmed: String) -> String {
            String(trimmed.prefix { $0 != ":" && $0 != " " })
        }
        for raw in lines[0..<line] {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let indent = raw.prefix { $0 == " " }.count
            let isDash = trimmed == "-" || trimmed.hasPrefix("- ")
            if indent == 0 && !isDash {
                top = keyName(trimmed); child = ""; childIndent = nil; itemIndent = nil; item = -1
                continue
            }
            switch top {
            case "exercises":
                if isDash && (itemIndent == nil || indent == itemIndent) { itemIndent = indent; item += 1 }
            case "patient", "session", "findings":
                if childIndent == nil && !isDash { childIndent = indent }
                if indent == childIndent && !isDash {
                    child = keyName(trimmed); itemIndent = nil; item = -1
                } else if top == "findings" && isDash && (itemIndent == nil || indent == itemIndent) {
                    itemIndent = indent; item += 1
                }
            default:
                break
            }
        }
        switch top {
        case "patient", "session": return child.isEmpty ? top : "\(top).\(child)"
        case "findings":
            if child == "muscles" && item >= 0 { return "m:\(item)" }
            if child == "pain" && item >= 0 { return "p:\(item)" }
            return child.isEmpty ? top : "findings.\(child)"
        case "exercises": return item >= 0 ? "x:\(item)" : "exercises"
        default: return top
        }
    }

    /// The errors that keep a draft from being saved: every error of the plan, except that a plan
    /// with no exercise yet may be saved (a new patient's first draft is written that way, and the
    /// findings come before the exercises that answer them), as `PlanDrafts.newPatient` allows.
    static func blocking(_ diagnostics: DiagnosticList, draft: PlanDraft) -> [Diagnostic] {
        diagnostics.sorted.filter { $0.severity == .error && !(draft.exercises.isEmpty && $0.message.contains("'exercises'")) }
    }
}
