import Foundation

/// "You have a dialysis fistula in this arm", "Do you have osteoporosis?": a question about who
/// should not do the exercise, asked in the patient's "Stop if" after the exercise was given. It
/// belongs in the practitioner's `precautions:` / `contraindications:`.
let screeningOpening = GuardedExpression(
    #"^(?:you have|you've|you had|you were|you are (?:pregnant|over)|do you|have you|are you|did you|were you|if you (?:have ever|have had|had|ever|are pregnant)|if you've)\b"#,
    options: [.caseInsensitive], words: ["you"])

/// A diagnosis or a history, which the practitioner asks about before prescribing.
let diagnosisOrHistory = GuardedExpression(
    #"\b(?:diabet\w*|osteoporo\w*|osteopeni\w*|arthritis|rheumatoid|pacemakers?|fistulas?|dialysis|implants?|hernias?|pregnan\w*|surgery|operations?|replacements?|diagnos\w*|history of|cancer|tumou?rs?|blood thinners?|broken (?:a )?bones?|fractures?|in the last (?:few )?(?:weeks|months|years))\b"#,
    options: [.caseInsensitive],
    words: ["diabet", "osteoporo", "osteopeni", "arthritis", "rheumatoid", "pacemaker", "fistula", "dialysis", "implant",
            "hernia", "pregnan", "surgery", "operation", "replacement", "diagnos", "history of", "cancer", "tumo",
            "blood thinner", "broken ", "fracture", "in the last "])

/// "Rest, then go on gently": a "Stop if" line always means stop.
let carryOnPhrase = GuardedExpression(
    #"\b(?:then (?:go on|carry on|continue|keep going|try|start again|do)|go on gently|keep going|keep on|carry on|continue (?:gently|slowly|with|the exercise|exercising|as normal)|resume|try again|start again|make (?:it|the move|the movement) smaller)\b"#,
    options: [.caseInsensitive],
    words: ["then ", "go on gently", "keep going", "keep on", "carry on", "continue ", "resume", "try again", "start again",
            "make "])

extension CatalogueChecks {
    /// Warns about each `stop-if` line that screens the patient or tells them to carry on.
    static func checkStopIfLines(_ exercise: Exercise, into diagnostics: inout DiagnosticList) {
        for (index, line) in exercise.stopIf.enumerated() {
            let location = index < exercise.stopIfLocations.count
                ? exercise.stopIfLocations[index] : SourceLocation(file: exercise.file, line: 1, column: 1)
            if let problem = StopIfProblem.find(in: line) {
                diagnostics.warning(location, problem.message(line), hint: problem.hint)
            }
        }
    }
}

/// What is wrong with a patient's "Stop if" line.
enum StopIfProblem: Sendable, Equatable {
    /// It asks who should not do the exercise ("You have rheumatoid arthritis").
    case screening
    /// It tells the patient to carry on ("then go on gently").
    case carryOn

    /// The first problem of a line, or nil when it is a plain reason to stop.
    static func find(in line: String) -> StopIfProblem? {
        if screeningOpening.firstMatch(in: line) != nil || diagnosisOrHistory.firstMatch(in: line) != nil {
            return .screening
        }
        if carryOnPhrase.firstMatch(in: line) != nil { return .carryOn }
        return nil
    }

    func message(_ line: String) -> String {
        switch self {
        case .screening: "'stop-if' line asks the patient a screening question: \"\(line)\""
        case .carryOn: "'stop-if' line tells the patient to carry on: \"\(line)\""
        }
    }

    var hint: Hint {
        switch self {
        case .screening:
            "the patient reads \"Stop if\" after the exercise was given; put who should not do it in `precautions:` (a condition id in `contraindications:`) and keep here what the patient notices during the exercise"
        case .carryOn:
            "a \"Stop if\" line always means stop; end it at the sign to stop, and put how to ease off in `mistakes:` or the steps"
        }
    }
}
