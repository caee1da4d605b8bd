/// The template schema of each view-model type: every key its `templateValue` switch (in
/// `HandoutViewModel.swift`) answers, in the same order, with what it gives. A test resolves each
/// of these through `templateValue` and checks no other key answers, so the two cannot drift:
/// rename a field there and change it here. Every level also answers `text` (the wording).
typealias TemplateKey = TemplateSchema.Key

extension HandoutViewModel {
    static let templateSchema: [TemplateKey] = [
        .init(name: "patient", kind: .object(.patient)),
        .init(name: "clinic", kind: .object(.clinic)),
        .init(name: "title", kind: .text),
        .init(name: "greeting", kind: .text),
        .init(name: "mainMessage", kind: .text),
        .init(name: "sessionDate", kind: .text),
        .init(name: "practitioner", kind: .optionalText),
        .init(name: "goals", kind: .textList),
        .init(name: "findings", kind: .textList),
        .init(name: "movement", kind: .textList),
        .init(name: "notes", kind: .textList),
        .init(name: "exercises", kind: .list(.exercise)),
        .init(name: "changesSince", kind: .optionalText),
        .init(name: "changes", kind: .textList),
        .init(name: "exercisesIntro", kind: .text),
        .init(name: "minutesPerDay", kind: .text),
        .init(name: "redFlagsEmergency", kind: .textList),
        .init(name: "redFlagsToday", kind: .textList),
        .init(name: "advice", kind: .textList),
        .init(name: "followUp", kind: .optionalText),
        .init(name: "footer", kind: .text),
        .init(name: "painGuide", kind: .textList),
        .init(name: "tickChartDays", kind: .textList),
    ]
}

extension HandoutViewModel.PatientView {
    static let templateSchema: [TemplateKey] = [
        .init(name: "name", kind: .text),
    ]
}

extension HandoutViewModel.ClinicView {
    static let templateSchema: [TemplateKey] = [
        .init(name: "name", kind: .text),
        .init(name: "address", kind: .optionalText),
        .init(name: "phone", kind: .optionalText),
        .init(name: "phoneLink", kind: .optionalText),
        .init(name: "email", kind: .optionalText),
        .init(name: "emailLink", kind: .optionalText),
        .init(name: "website", kind: .optionalText),
        .init(name: "brandColour", kind: .text),
        .init(name: "disclaimer", kind: .text),
    ]
}

extension HandoutViewModel.ExerciseView {
    static let templateSchema: [TemplateKey] = [
        .init(name: "number", kind: .number),
        .init(name: "id", kind: .text),
        .init(name: "version", kind: .number),
        .init(name: "title", kind: .text),
        .init(name: "purpose", kind: .text),
        .init(name: "phase", kind: .text),
        .init(name: "why", kind: .optionalText),
        .init(name: "equipment", kind: .textList),
        .init(name: "startingPositionMarkdown", kind: .text),
        .init(name: "startingPositionText", kind: .text),
        .init(name: "steps", kind: .list(.step)),
        .init(name: "dose", kind: .text),
        .init(name: "shortDose", kind: .text),
        .init(name: "feel", kind: .textList),
        .init(name: "mistakes", kind: .textList),
        .init(name: "stopIf", kind: .textList),
        .init(name: "note", kind: .optionalText),
        .init(name: "images", kind: .list(.image)),
    ]
}

extension HandoutViewModel.ImageView {
    static let templateSchema: [TemplateKey] = [
        .init(name: "src", kind: .text),
        .init(name: "alt", kind: .text),
        .init(name: "credit", kind: .optionalText),
        .init(name: "licence", kind: .text),
    ]
}

extension HandoutViewModel.StepView {
    static let templateSchema: [TemplateKey] = [
        .init(name: "number", kind: .number),
        .init(name: "textMarkdown", kind: .text),
        .init(name: "plainText", kind: .text),
    ]
}

extension PageViewModel {
    static let templateSchema: [TemplateKey] = [
        .init(name: "handout", kind: .object(.handout)),
        .init(name: "bodyHTML", kind: .text),
        .init(name: "language", kind: .text),
        .init(name: "preheader", kind: .text),
        .init(name: "title", kind: .text),
        .init(name: "clinic", kind: .object(.clinic)),
    ]
}
