import Foundation

/// What a practitioner's note for the patient says about pain limits, the dose, the range of a
/// movement and equipment, read from its words. Only plain, common phrasings are recognised
/// ("2 out of 10 at most", "hold for 10 seconds", "only a little", "without arms"): a missed phrase
/// means no warning, never a wrong handout.
enum NoteReading {
    /// A phrase of the note, as written, and what it states.
    struct Found<Value: Hashable>: Hashable {
        var value: Value
        /// The words as written in the note.
        var phrase: String
    }

    /// A dose the note states.
    enum DoseClaim: Hashable {
        case hold(seconds: Int)
        case sets(Int)
        /// Repetitions per set, or "N times" (for a timed dose, that is the number of sets).
        case reps(Int, saidAsTimes: Bool)
        case seconds(Int)
        case perDay(Int)
        case daysPerWeek(Int)
        case side(Side)
    }

    /// Equipment a note may rule out, and how an exercise's text says it uses it.
    struct Equipment: Sendable {
        /// In a warning: "uses the armrests".
        var name: String
        /// The vocabulary id a variant must keep unless it is this item (nil: not in the vocabulary).
        var vocabularyID: String?
        /// Words for it in a note, after "without", "no", "do not use".
        var noteWords: String
        /// Words for it in a starting position or step.
        var textWords: String
    }

    static let equipment: [Equipment] = [
        .init(name: "the armrests", vocabularyID: nil, noteWords: #"arm ?rests?|arms"#,
              textWords: #"\barm ?rests?\b|\barms of (?:the|your|a) chair\b|\bchair(?:'s)? arms\b"#),
        .init(name: "a band", vocabularyID: "resistance-band", noteWords: #"(?:resistance |exercise )?bands?"#, textWords: #"\bbands?\b"#),
        .init(name: "a ball", vocabularyID: "massage-ball", noteWords: #"(?:massage |tennis )?balls?"#, textWords: #"\bballs?\b"#),
        .init(name: "a roller", vocabularyID: "foam-roller", noteWords: #"(?:foam )?rollers?"#, textWords: #"\brollers?\b"#),
        .init(name: "a strap", vocabularyID: "strap", noteWords: #"straps?|belts?"#, textWords: #"\bstraps?\b|\bbelts?\b"#),
        .init(name: "a towel", vocabularyID: "towel", noteWords: #"towels?"#, textWords: #"\btowels?\b"#),
        .init(name: "the wall", vocabularyID: "wall", noteWords: #"walls?"#, textWords: #"\bwalls?\b"#),
        .init(name: "a weight", vocabularyID: "light-weight", noteWords: #"weights?|dumbbells?"#, textWords: #"\bweights?\b|\bdumbbells?\b"#),
        .init(name: "a pillow", vocabularyID: "pillow", noteWords: #"pillows?|cushions?"#, textWords: #"\bpillows?\b|\bcushions?\b"#),
        .init(name: "a mat", vocabularyID: "mat", noteWords: #"(?:exercise )?mats?"#, textWords: #"\bmats?\b"#),
    ]

    // MARK: Pain limits

    /// Pain limits the note sets: "2 out of 10 at most", "no more than 3/10", "a 3 out of 10 ache is
    /// plenty", "if it hurts more than 3 out of 10". A report ("it eased to 3 out of 10") is not a limit.
    static func painLimits(in text: String, icu: Bool = false) -> [Found<Int>] {
        guard mayContain(text, anyOf: painScoreWords) else { return [] }
        let ascii = !icu && text.utf8.allSatisfy { $0 < 0x80 }
        var found: [Found<Int>] = []
        for (numberText, whole) in scoreMatches(in: text, ascii: ascii) {
            guard let score = number(numberText), score <= 10 else { continue }
            let sentence = self.sentence(around: whole, in: text)
            let before = String(text[sentence.lowerBound..<whole.lowerBound]), after = String(text[whole.upperBound..<sentence.upperBound])
            if let cueRange = cueBefore(in: before, ascii: ascii) {
                let words = before[cueRange].lowercased()
                let strict = ["under", "below", "less than", "lower than"].contains { words.contains($0) }
                let limit = strict ? max(score - 1, 0) : score
                found.append(Found(value: limit, phrase: String(before[cueRange]) + String(text[whole])))
            } else if let cueRange = cueAfter(in: after, ascii: ascii) {
                found.append(Found(value: score, phrase: String(text[whole]) + String(after[cueRange])))
            }
        }
        return found
    }

    /// Every pain score a text names ("3 or 4 out of 10" names 4), limit or not.
    static func painScores(in text: String, icu: Bool = false) -> [Found<Int>] {
        guard mayContain(text, anyOf: painScoreWords) else { return [] }
        return scoreMatches(in: text, ascii: !icu && text.utf8.allSatisfy { $0 < 0x80 }).compactMap { numberText, range in
            guard let score = number(numberText), score <= 10 else { return nil }
            return Found(value: score, phrase: String(text[range]))
        }
    }

    /// Matches of `painScore`: the number as written, and the whole phrase. ASCII text is read by
    /// `PainPhrase`, the rest by ICU.
    static func scoreMatches(in text: String, ascii: Bool) -> [(number: String?, range: Range<String.Index>)] {
        guard ascii else {
            return matches(painScore, in: text).compactMap { match in match.range(in: text).map { (match.group(1, in: text), $0) } }
        }
        let bytes = Array(text.utf8)
        return PainPhrase.scores(in: bytes).map { match in
            (String(decoding: bytes[match.number], as: UTF8.self), indices(match.range, in: text))
        }
    }

    static func cueBefore(in text: String, ascii: Bool) -> Range<String.Index>? {
        guard ascii else { return firstMatch(limitBefore, in: text)?.range(in: text) }
        return PainPhrase.cueBefore(in: Array(text.utf8)).map { indices($0, in: text) }
    }

    static func cueAfter(in text: String, ascii: Bool) -> Range<String.Index>? {
        guard ascii else { return firstMatch(limitAfter, in: text)?.range(in: text) }
        return PainPhrase.cueAfter(in: Array(text.utf8)).map { indices($0, in: text) }
    }

    /// Byte offsets of `text` as indices.
    static func indices(_ range: Range<Int>, in text: String) -> Range<String.Index> {
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        return lower..<utf8.index(lower, offsetBy: range.count)
    }

    // MARK: Doses

    /// Holds, counts, times, how often and sides the note states.
    static func doses(in text: String) -> [Found<DoseClaim>] {
        var found: [(at: String.Index, claim: Found<DoseClaim>)] = []
        var taken: [Range<String.Index>] = []
        // Each pattern only when the note has the words every match of it has (compiling one costs more than all the rest).
        func add(_ words: [String], _ regex: @autoclosure () -> NSRegularExpression, _ make: (NSTextCheckingResult) -> [DoseClaim]) {
            guard mayContain(text, anyOf: words) else { return }
            for match in matches(regex(), in: text) {
                guard let range = match.range(in: text), !taken.contains(where: { $0.overlaps(range) }) else { continue }
                let claims = make(match)
                guard !claims.isEmpty else { continue }
                taken.append(range)
                found += claims.map { (range.lowerBound, Found(value: $0, phrase: String(text[range]))) }
            }
        }
        func one(_ claim: DoseClaim?) -> [DoseClaim] { claim.map { [$0] } ?? [] }
        add(["hold"], holdFor) { one(seconds($0.group(1, in: text), unit: $0.group(2, in: text)).map { .hold(seconds: $0) }) }
        add(["hold"], secondHold) { one(seconds($0.group(1, in: text), unit: $0.group(2, in: text)).map { .hold(seconds: $0) }) }
        add(["day"], perDay) { one(times($0.group(1, in: text)).map { .perDay($0) }) }
        add(["week"], timesAWeek) { one(times($0.group(1, in: text)).map { .daysPerWeek($0) }) }
        add(["week"], daysAWeek) { one(number($0.group(1, in: text)).map { .daysPerWeek($0) }) }
        add(["every"], everyDay) { _ in [.daysPerWeek(7)] }
        add(["set"], setsOf) { match in
            one(number(match.group(1, in: text)).map { .sets($0) }) + one(number(match.group(2, in: text)).map { .reps($0, saidAsTimes: false) })
        }
        add(["rep"], reps) { one(number($0.group(1, in: text)).map { .reps($0, saidAsTimes: false) }) }
        add(["times"], timesCount) { one(number($0.group(1, in: text)).map { .reps($0, saidAsTimes: true) }) }
        add(["for"], forTime) { one(seconds($0.group(1, in: text), unit: $0.group(2, in: text)).map { .seconds($0) }) }
        add(["only"], sideOnly) { one(side($0.group(1, in: text) ?? $0.group(2, in: text))) }
        add(["both", "side"], bothSides) { _ in [.side(.each)] }
        return found.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element.claim)
    }

    // MARK: Range

    /// The words that limit the range of the movement ("only a little", "not all the way", "halfway").
    static func rangeLimit(in text: String) -> String? {
        guard mayContain(text, anyOf: ["little", "bit", "all the way", "half", "part", "slightly", "small"]) else { return nil }
        return firstMatch(rangeWords, in: text).flatMap { $0.range(in: text) }.map { String(text[$0]) }
    }

    // MARK: Equipment

    /// Equipment the note rules out ("without arms", "no band", "do not use the wall").
    static func forbiddenEquipment(in text: String) -> [(equipment: Equipment, phrase: String)] {
        guard mayContain(text, anyOf: ["without", "no", "don't", "never"]) else { return [] }
        return zip(equipment, forbiddingPatterns).compactMap { item, regex in
            firstMatch(regex, in: text).flatMap { $0.range(in: text) }.map { (item, String(text[$0])) }
        }
    }

    /// The first sentence of `text` that says it uses `item`.
    static func sentence(using item: Equipment, in text: String) -> String? {
        let regex = usePatterns[item.name] ?? self.regex(item.textWords)
        guard let range = firstMatch(regex, in: text)?.range(in: text) else { return nil }
        return String(text[sentence(around: range, in: text)]).trimmed
    }

    // MARK: Words

    static let numberWords = ["one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                              "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
                              "forty-five": 45, "fifty": 50, "sixty": 60, "ninety": 90]
    static let num = #"(\d+|"# + numberWords.keys.sorted { $0.count > $1.count }.joined(separator: "|") + ")"
    static let unit = #"(seconds?|secs?|minutes?|mins?)"#

    static func regex(_ pattern: String) -> NSRegularExpression { try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) }

    /// Each item's "without ..." pattern and its "uses ..." pattern, compiled once per process
    /// (compiling an ICU regular expression costs far more than matching it).
    static let forbiddingPatterns = equipment.map { regex(forbidding + "(?:" + $0.noteWords + #")\b"#) }
    static let usePatterns = Dictionary(uniqueKeysWithValues: equipment.map { ($0.name, regex($0.textWords)) })

    static let painScore = regex(#"\b"# + num + #"\s*(?:out of|/)\s*(?:10|ten)\b"#)
    /// Words before a score that make it a limit ("no more than", "keep it under").
    static let limitBefore = regex(#"\b(?:at most|no more than|not more than|no higher than|not above|up to|keep (?:any |the |your )?(?:pain |ache |it |discomfort |stretch |pressure )?(?:to|at|under|below)|under|below|less than|lower than|more than|higher than|above|over|beyond|past|exceeds?)\s+(?:a |an )?$"#)
    /// Words after a score that make it a limit ("at most", "ache is plenty").
    static let limitAfter = regex(#"^\s*(?:[a-z]+\s+){0,2}?(?:at most|or less|or lower|or below|max(?:imum)?\b|is plenty|is enough|is the most|is the limit|is your limit)"#)

    static let holdFor = regex(#"\bhold(?:s|ing)?\b[^.!?\d]{0,25}?\b"# + num + #"[\s-]*"# + unit + #"\b"#)
    static let secondHold = regex(#"\b"# + num + #"[\s-]*"# + unit + #"[\s-]+holds?\b"#)
    static let perDay = regex(#"\b(once|twice|"# + num + #"\s+times)\s+(?:a|per|each)\s+day\b"#)
    static let timesAWeek = regex(#"\b(once|twice|"# + num + #"\s+times)\s+(?:a|per|each)\s+week\b"#)
    static let daysAWeek = regex(#"\b"# + num + #"\s+days?\s+(?:a|per|each)\s+week\b"#)
    static let everyDay = regex(#"\bevery\s+day\b"#)
    static let setsOf = regex(#"\b"# + num + #"\s+sets?\b(?:\s+of\s+"# + num + #"\b)?"#)
    static let reps = regex(#"\b"# + num + #"\s+(?:reps?|repetitions?)\b"#)
    static let timesCount = regex(#"\b"# + num + #"\s+times\b(?!\s+(?:a|per|each)\s+(?:day|week))"#)
    static let forTime = regex(#"\bfor\s+(?:about\s+)?"# + num + #"\s*"# + unit + #"\b"#)
    static let sideOnly = regex(#"\b(left|right)(?:\s+(?:side|leg|arm|foot|hand|hip|knee|ankle|shoulder))?\s+only\b|\bonly\s+(?:on\s+|with\s+|use\s+)?(?:the\s+|your\s+)?(left|right)\b"#)
    static let bothSides = regex(#"\b(?:on|with|for)\s+both\s+(?:sides|legs|arms|feet|hands)\b|\b(?:each|either|both)\s+sides?\b"#)
    static let rangeWords = regex(#"\b(?:only a (?:little|bit)|just a (?:little|bit)|a little way|not all the way(?: up| down)?|halfway|half-way|half way|part of the way|part-way|part way|partway|only slightly|only partly|a small lift|a small range)\b"#)
    static let forbidding = #"\b(?:without|no|not (?:use|using|hold|holding)|don't (?:use|hold)|do not (?:use|hold)|never (?:use|hold))\s+(?:(?:the|a|an|any|your|its|using|holding|touching|leaning on|pushing on|on)\s+){0,2}"#

    static func number(_ text: String?) -> Int? {
        guard let text = text?.lowercased() else { return nil }
        return Int(text) ?? numberWords[text]
    }

    /// "once" 1, "twice" 2, "3 times" 3.
    static func times(_ text: String?) -> Int? {
        guard let text = text?.lowercased() else { return nil }
        if text == "once" { return 1 }
        if text == "twice" { return 2 }
        return number(text.split(separator: " ").first.map(String.init))
    }

    static func seconds(_ count: String?, unit: String?) -> Int? {
        guard let value = number(count), let unit = unit?.lowercased() else { return nil }
        return unit.hasPrefix("m") ? value * 60 : value
    }

    static func side(_ text: String?) -> DoseClaim? {
        switch text?.lowercased() {
        case "left": .side(.left)
        case "right": .side(.right)
        default: nil
        }
    }

    /// The sentence (up to and including its full stop) holding `range`.
    static func sentence(around range: Range<String.Index>, in text: String) -> Range<String.Index> {
        let ends: Set<Character> = [".", "!", "?", ";"]
        var start = range.lowerBound
        while start > text.startIndex, !ends.contains(text[text.index(before: start)]) { start = text.index(before: start) }
        var end = range.upperBound
        while end < text.endIndex, !ends.contains(text[end]) { end = text.index(after: end) }
        if end < text.endIndex { end = text.index(after: end) }
        while start < end, text[start] == " " || text[start] == "\n" { start = text.index(after: start) }
        return start..<end
    }

    /// Words one of which is in every match of `painScore`.
    static let painScoreWords = ["out of", "/"]

    /// False only when `text` surely has none of `words` (lower-case ASCII), so no pattern that
    /// needs one of them can match (see `ASCIIWords`).
    static func mayContain(_ text: String, anyOf words: [String]) -> Bool { ASCIIWords.mayContain(text, anyOf: words) }

    static func matches(_ regex: NSRegularExpression, in text: String) -> [NSTextCheckingResult] {
        regex.matches(in: text, range: NSRange(text.startIndex..., in: text))
    }

    static func firstMatch(_ regex: NSRegularExpression, in text: String) -> NSTextCheckingResult? {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
    }
}

private extension NSTextCheckingResult {
    func range(in text: String) -> Range<String.Index>? { Range(range, in: text) }

    func group(_ index: Int, in text: String) -> String? {
        guard index < numberOfRanges, let found = Range(range(at: index), in: text) else { return nil }
        return String(text[found])
    }
}
