import CommonMark
/// Turns a plan, the exercises it uses, the vocabulary, the wording and the clinic settings into the
/// handout's view model. A pure function of its inputs: no clock, no files.
public struct HandoutComposer: Sendable {
    /// Plain-language names.
    public var vocabulary: Vocabulary
    /// Fixed phrases in the patient's language.
    public var wording: Wording
    /// The clinic.
    public var clinic: ClinicSettings
    /// The catalogue's version, shown in the footer.
    public var catalogueVersion: String

    /// An exercise as prescribed in one plan: the catalogue entry, the final dose and the plan's extras.
    public struct Item: Sendable, Hashable {
        /// The catalogue entry.
        public var exercise: Exercise
        /// The dose after the plan's overrides.
        public var dose: Dosage
        /// The plan's line for it.
        public var prescription: Plan.Prescription
    }

    /// The exercises in handout order: release, lengthen, activate, integrate, then the rest, each
    /// group in the plan's order.
    public static func order(_ items: [Item], keepingPlanOrder: Bool = false) -> [Item] {
        if keepingPlanOrder { return items }
        return items.enumerated().sorted { lhs, rhs in
            let (a, b) = (lhs.element.exercise.phase.handoutRank, rhs.element.exercise.phase.handoutRank)
            return a != b ? a < b : lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// Builds the view model.
    public func makeHandout(for plan: Plan, items: [Item], previous: Manifest? = nil) -> HandoutViewModel {
        let ordered = Self.order(items, keepingPlanOrder: plan.keepOrder)
        let painLimit = PainLimit.effective(plan: plan, clinic: clinic)
        let exercises = ordered.enumerated().map { index, item in
            exerciseView(item, number: index + 1, plan: plan, painLimit: painLimit)
        }
        let totalSeconds = ordered.reduce(0) { $0 + $1.dose.secondsPerDay }
        let minutes = max(1, Int((Double(totalSeconds) / 60).rounded()))
        let goals = plan.goals
        let mainMessage = goals.isEmpty ? wording.phrase("main-message.no-goals") : wording.phrase("main-message.goals")
        let redFlags = self.redFlags(for: plan)
        return HandoutViewModel(
            patient: .init(name: plan.patient.greetingName),
            clinic: .init(name: clinic.name, address: clinic.address, phone: clinic.phone, phoneLink: clinic.phoneLink,
                          email: clinic.email, emailLink: clinic.email.map { "mailto:\($0)" }, website: clinic.website,
                          brandColour: clinic.brandColour, disclaimer: clinic.disclaimer),
            title: wording.phrase("title", ["clinic": clinic.name, "date": wording.date(plan.sessionDate)]),
            greeting: wording.phrase("greeting", ["name": plan.patient.greetingName]),
            mainMessage: mainMessage,
            sessionDate: wording.phrase("session-date", ["date": wording.date(plan.sessionDate)]),
            practitioner: plan.practitioner ?? clinic.practitioner,
            goals: goals,
            findings: findingSentences(plan),
            movement: plan.movement,
            notes: plan.notes,
            exercises: exercises,
            changesSince: previous.flatMap { CalendarDate.parse($0.sessionDate).map(wording.date).success }
                .map { wording.phrase("changes.since", ["date": $0]) },
            changes: previous.map { changes(from: $0, to: ordered) } ?? [],
            exercisesIntro: exercisesIntro(ordered),
            minutesPerDay: wording.plural("minutes-per-day", minutes),
            redFlagsEmergency: redFlags.emergency, redFlagsToday: redFlags.today,
            advice: plan.advice,
            followUp: plan.followUp.map { wording.phrase("follow-up", ["date": wording.date($0)]) },
            footer: wording.phrase("footer", ["reference": Self.reference(plan: plan, catalogueVersion: catalogueVersion)]),
            painGuide: painGuide(painLimit),
            tickChartDays: tickChartDays(from: plan.sessionDate))
    }

    /// The tick chart's day labels: two weeks from the session day, "Mo 23", "Tu 24", ...
    func tickChartDays(from start: CalendarDate, count: Int = 14) -> [String] {
        let weekdays = wording.list("tick-chart.weekdays")
        var date = start
        return (0..<count).map { _ in
            let label = wording.phrase("tick-chart.day", ["weekday": weekdays.count == 7 ? weekdays[date.weekday] : "", "day": String(date.day)])
            if date.day < CalendarDate.daysIn(month: date.month, year: date.year) {
                date.day += 1
            } else {
                date = date.month == 12 ? CalendarDate(year: date.year + 1, month: 1, day: 1) : CalendarDate(year: date.year, month: date.month + 1, day: 1)
            }
            return label
        }
    }

    // MARK: Pain

    /// The pain guide's lines for this patient's limit: what is fine, what is OK, when to stop.
    func painGuide(_ limit: PainLimit) -> [String] {
        func scores(_ range: ClosedRange<Int>) -> String {
            range.count == 1 ? wording.phrase("pain-guide.score", ["score": String(range.lowerBound)])
                : wording.phrase("pain-guide.scores", ["from": String(range.lowerBound), "to": String(range.upperBound)])
        }
        let bands = limit.bands
        var lines = [wording.phrase("pain-guide.fine", ["scores": scores(bands.fine)])]
        if let ok = bands.ok { lines.append(wording.phrase("pain-guide.ok", ["scores": scores(ok)])) }
        if let above = bands.stopAbove { lines.append(wording.phrase("pain-guide.stop", ["limit": String(above)])) }
        lines.append(wording.phrase("pain-guide.next-morning"))
        return lines
    }

    /// A short reference for the handout (`7F3A-21C9`), from the plan and the catalogue version: the
    /// patient can quote it, the clinic finds it in the manifest.
    public static func reference(plan: Plan, catalogueVersion: String) -> String {
        let hex = SHA256.hex(of: plan.hash + "/" + catalogueVersion).uppercased()
        return "\(hex.prefix(4))-\(hex.dropFirst(4).prefix(4))"
    }

    /// "Do them in the order shown." plus one line for each kind of exercise present, in the order
    /// they first appear, naming the label each exercise carries.
    func exercisesIntro(_ items: [Item]) -> String {
        var sentences = [wording.phrase("exercises-intro.order")]
        var seen = Set<Phase>()
        for item in items where seen.insert(item.exercise.phase).inserted {
            sentences.append(wording.phrase("exercises-intro.\(item.exercise.phase.rawValue)",
                                            ["label": wording.phrase("phase.\(item.exercise.phase.rawValue)")]))
        }
        return sentences.joined(separator: " ")
    }

    // MARK: Since the last visit

    /// Exercises added, stopped, and doses stepped up or eased off since the previous handout.
    func changes(from previous: Manifest, to items: [Item]) -> [String] {
        var lines: [String] = []
        let before = Dictionary(previous.exercises.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let now = Set(items.map(\.exercise.id))
        for item in items {
            guard let old = before[item.exercise.id] else {
                lines.append(wording.phrase("changes.added", ["title": item.exercise.title]))
                continue
            }
            guard let oldDose = old.dose?.dosage, oldDose != item.dose else { continue }
            let key = switch (Self.volume(item.dose), Self.volume(oldDose)) {
            case let (new, was) where new > was: "changes.harder"
            case let (new, was) where new < was: "changes.easier"
            default: "changes.changed"
            }
            let difference = doseDifference(item.dose, oldDose)
            lines.append(wording.phrase(key, ["title": item.exercise.title, "now": difference.now, "before": difference.before]))
        }
        for old in previous.exercises where !now.contains(old.id) {
            lines.append(wording.phrase("changes.removed", ["title": old.title ?? old.id]))
        }
        if lines.isEmpty { lines.append(wording.phrase("changes.none")) }
        return lines
    }

    /// How much work a dose asks for in a week, to tell a step up from an easing off.
    static func volume(_ dose: Dosage) -> Int {
        let perSet = dose.seconds ?? (dose.reps ?? 0) * max(dose.hold ?? 1, 1)
        return dose.sets * perSet * dose.perDay * dose.daysPerWeek * (dose.side == .each ? 2 : 1)
    }

    // MARK: Findings

    func findingSentences(_ plan: Plan) -> [String] {
        var sentences: [String] = []
        for finding in plan.muscles {
            guard let term = vocabulary.term(.muscles, finding.muscle.value) else { continue }
            let key = finding.status.isOveractive ? "finding.overactive" : "finding.inhibited"
            var sentence = Self.capitalisingFirst(wording.phrase(key, ["muscle": muscleName(term), "side": sideWords(finding.side)]))
            if let note = finding.note { sentence += " " + note }
            sentences.append(sentence)
        }
        for pain in plan.pain {
            guard let term = vocabulary.term(.regions, pain.region.value) else { continue }
            var sentence: String
            if let side = pain.side {
                sentence = wording.phrase("finding.pain-side", ["region": term.plain, "side": sideWords(side), "score": String(pain.score)])
            } else {
                sentence = wording.phrase("finding.pain", ["region": term.plain, "score": String(pain.score)])
            }
            if let note = pain.note { sentence += " " + note }
            sentences.append(Self.capitalisingFirst(sentence))
        }
        return sentences
    }

    /// "the muscle on the side of your hip (gluteus medius)"; a name's own brackets are dropped
    /// ("fibularis longus (peroneus longus)" -> "fibularis longus") so brackets never nest.
    func muscleName(_ term: Term) -> String {
        let name = term.name.components(separatedBy: " (").first ?? term.name
        return "\(term.plain) (\(name))"
    }

    func sideWords(_ side: Side) -> String {
        switch side {
        case .left: wording.phrase("side.left")
        case .right: wording.phrase("side.right")
        case .both, .each: wording.phrase("side.both")
        }
    }

    // MARK: Why

    /// Why an exercise is there, in plain words, from `FindingMatcher` (the same logic as
    /// `hep suggest` and the practitioner's warnings).
    public func why(for item: Item, in plan: Plan) -> String? {
        let match = FindingMatcher.match(item.exercise, side: item.dose.side, addresses: item.prescription.addresses?.value, in: plan)
        switch match {
        case .muscle(let finding, let role)?:
            guard let term = vocabulary.term(.muscles, finding.muscle.value) else { return nil }
            let key = switch role {
            case .releases, .lengthens: "why.release"
            case .activates: "why.activate"
            case .integrates: "why.integrate"
            }
            return Self.capitalisingFirst(wording.phrase(key, ["muscle": muscleName(term), "side": sideWords(finding.side)]))
        case .pain(let pain)?:
            guard let region = vocabulary.term(.regions, pain.region.value) else { return nil }
            return wording.phrase("why.pain", ["region": region.plain])
        case nil:
            return nil
        }
    }

    // MARK: Exercises

    func exerciseView(_ item: Item, number: Int, plan: Plan, painLimit: PainLimit) -> HandoutViewModel.ExerciseView {
        let exercise = item.exercise
        var dose = doseWords(item.dose)
        if painLimit.isSet { dose += " " + wording.phrase("pain-guide.dose", ["limit": String(painLimit.value)]) }
        return .init(
            number: number, id: exercise.id, version: exercise.version, title: exercise.title, purpose: exercise.purpose,
            phase: wording.phrase("phase.\(exercise.phase.rawValue)"),
            why: why(for: item, in: plan),
            equipment: exercise.equipmentIDs.compactMap { vocabulary.term(.equipment, $0)?.name },
            startingPositionMarkdown: KnownSide.apply(item.dose.side, to: exercise.startingPosition),
            startingPositionText: Self.plain(KnownSide.apply(item.dose.side, to: exercise.startingPosition)),
            steps: exercise.steps.enumerated().map {
                let step = KnownSide.apply(item.dose.side, to: $0.element)
                return .init(number: $0.offset + 1, textMarkdown: step, plainText: Self.plain(step))
            },
            dose: dose,
            shortDose: shortDose(item.dose),
            feel: exercise.feel, mistakes: exercise.mistakes, stopIf: exercise.stopIf,
            note: item.prescription.note,
            images: exercise.images.map { .init(src: "images/\($0.outputName)", alt: $0.alt, credit: $0.credit, licence: $0.licence) })
    }

    /// Catalogue Markdown as plain text on one line (emphasis marks and escapes gone).
    static func plain(_ markdown: String) -> String {
        // Bytes first: text without any of these bytes has none of these Characters.
        let markup: [UInt8] = [0x2A, 0x5F, 0x60, 0x5C, 0x5B, 0x3C, 0x26, 0x0A]
        guard markdown.utf8.contains(where: { markup.contains($0) }),
              markdown.contains(where: { "*_`\\[<&\n".contains($0) }) else { return markdown }
        return CommonMark.parse(markdown).root.plainText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// "2 sets of 10. Hold each for 5 seconds. Rest 30 seconds between sets. Left side only.
    /// Twice a day, 5 days a week."
    public func doseWords(_ dose: Dosage) -> String {
        doseParts(dose).map(\.text).joined(separator: " ")
    }

    /// The dose in short, for the tick chart: "2 x 10", "3 x 30 s", "1 min, right side", "1 x 8, 3 a day".
    public func shortDose(_ dose: Dosage) -> String {
        var text: String
        if let reps = dose.reps {
            text = wording.phrase("dose-short.reps", ["sets": String(dose.sets), "reps": String(reps)])
        } else if let seconds = dose.seconds {
            let time = seconds >= 60 && seconds % 60 == 0
                ? wording.phrase("dose-short.minutes", ["count": String(seconds / 60)])
                : wording.phrase("dose-short.seconds", ["count": String(seconds)])
            text = dose.sets == 1 ? time : wording.phrase("dose-short.sets-of-time", ["sets": String(dose.sets), "time": time])
        } else {
            text = wording.plural("dose-short.sets", dose.sets)
        }
        switch dose.side {
        case .each: text = wording.phrase("dose-short.side.each", ["dose": text])
        case .left: text = wording.phrase("dose-short.side.left", ["dose": text])
        case .right: text = wording.phrase("dose-short.side.right", ["dose": text])
        case .both: break
        }
        if dose.perDay > 1 { text = wording.phrase("dose-short.per-day", ["dose": text, "count": String(dose.perDay)]) }
        return text
    }

    /// The parts of a dose in words, each with what it is about, so two doses can be compared part by part.
    func doseParts(_ dose: Dosage) -> [(part: String, text: String)] {
        var parts: [(String, String)] = []
        if let reps = dose.reps {
            parts.append(("amount", wording.plural("dose.sets-of-reps", dose.sets, ["sets": String(dose.sets), "reps": String(reps)])))
        } else if let seconds = dose.seconds {
            parts.append(("amount", wording.plural("dose.sets-of-time", dose.sets, ["sets": String(dose.sets), "time": wording.duration(seconds: seconds)])))
        }
        if let hold = dose.hold { parts.append(("hold", wording.phrase("dose.hold", ["time": wording.duration(seconds: hold)]))) }
        if let tempo = dose.tempo {
            let values = ["out": wording.duration(seconds: tempo.out), "pause": wording.duration(seconds: tempo.pause),
                          "back": wording.duration(seconds: tempo.back)]
            parts.append(("tempo", wording.phrase(tempo.pause > 0 ? "dose.tempo-pause" : "dose.tempo", values)))
        }
        if let rest = dose.rest, rest > 0, dose.sets > 1 {
            parts.append(("rest", wording.phrase(dose.seconds == nil ? "dose.rest" : "dose.rest-timed", ["time": wording.duration(seconds: rest)])))
        }
        switch dose.side {
        case .each: parts.append(("side", wording.phrase("dose.side.each")))
        case .left: parts.append(("side", wording.phrase("dose.side.left")))
        case .right: parts.append(("side", wording.phrase("dose.side.right")))
        case .both: break
        }
        parts.append(("frequency", wording.phrase("dose.frequency", [
            "per-day": wording.plural("dose.per-day", dose.perDay),
            "days": wording.plural("dose.days-per-week", dose.daysPerWeek),
        ])))
        return parts
    }

    /// Only the parts of two doses that differ, in words: ("3 sets of 10.", "2 sets of 8.").
    func doseDifference(_ now: Dosage, _ before: Dosage) -> (now: String, before: String) {
        let new = doseParts(now), old = doseParts(before)
        let changed = Set(new.map(\.part) + old.map(\.part)).filter { part in
            new.first { $0.part == part }?.text != old.first { $0.part == part }?.text
        }
        func words(_ parts: [(part: String, text: String)]) -> String {
            let kept = parts.filter { changed.contains($0.part) }.map(\.text)
            return kept.isEmpty ? "-" : kept.joined(separator: " ")
        }
        return (words(new), words(old))
    }

    static func capitalisingFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }

    static func lowercasingFirst(_ text: String) -> String {
        // Keep "I", names and acronyms: only a capital followed by a lower-case letter is lowered.
        guard let first = text.first, let second = text.dropFirst().first, second.isLowercase else { return text }
        return first.lowercased() + text.dropFirst()
    }
}
