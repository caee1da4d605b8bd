/// `manifest.json` written directly, byte for byte as `JSONEncoder` writes it with
/// `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]` (a test compares the two on every
/// example plan's manifest and on generated ones). The encoder builds its generic containers and
/// their type metadata on every handout: a tenth of one `hep render`'s own work. Reading a
/// manifest back stays with `JSONDecoder`.
enum ManifestJSON {
    /// A JSON value; an object's members are written in sorted key order, nil ones left out.
    indirect enum Value {
        case string(String)
        case int(Int)
        case array([Value])
        case object([(String, Value?)])
    }

    static func encode(_ manifest: Manifest) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(value(manifest), indent: 0, into: &out)
        out.append(0x0A)
        return out
    }

    static func value(_ manifest: Manifest) -> Value {
        .object([
            ("manifestVersion", .int(manifest.manifestVersion)), ("tool", .string(manifest.tool)),
            ("toolVersion", .string(manifest.toolVersion)), ("cmarkVersion", .string(manifest.cmarkVersion)),
            ("catalogueVersion", .string(manifest.catalogueVersion)), ("patientID", .string(manifest.patientID)),
            ("sessionDate", .string(manifest.sessionDate)), ("language", .string(manifest.language)),
            ("plan", value(manifest.plan)),
            ("exercises", .array(manifest.exercises.map(value))),
            ("templates", .array(manifest.templates.map(value))),
            ("outputs", .array(manifest.outputs.map(value))),
            ("pictures", manifest.pictures.map { .array($0.map(value)) }),
            ("previous", manifest.previous.map(Value.string)), ("reference", manifest.reference.map(Value.string)),
        ])
    }

    static func value(_ hash: Manifest.FileHash) -> Value {
        .object([("file", .string(hash.file)), ("sha256", .string(hash.sha256))])
    }

    static func value(_ record: Manifest.ExerciseRecord) -> Value {
        .object([("id", .string(record.id)), ("version", .int(record.version)), ("file", .string(record.file)),
                 ("sha256", .string(record.sha256)), ("title", record.title.map(Value.string)),
                 ("dose", record.dose.map(value))])
    }

    static func value(_ dose: Manifest.DoseRecord) -> Value {
        .object([("sets", .int(dose.sets)), ("reps", dose.reps.map(Value.int)), ("seconds", dose.seconds.map(Value.int)),
                 ("hold", dose.hold.map(Value.int)), ("rest", dose.rest.map(Value.int)), ("tempo", dose.tempo.map(Value.string)),
                 ("side", .string(dose.side)), ("perDay", .int(dose.perDay)), ("daysPerWeek", .int(dose.daysPerWeek))])
    }

    static func value(_ picture: Manifest.PictureRecord) -> Value {
        .object([("file", .string(picture.file)), ("sha256", .string(picture.sha256)), ("exercise", .string(picture.exercise)),
                 ("credit", picture.credit.map(Value.string)), ("licence", .string(picture.licence))])
    }

    /// Two spaces per level; `"key" : value`; an empty array or object still opens a line, as the
    /// encoder writes it.
    static func write(_ value: Value, indent: Int, into out: inout [UInt8]) {
        switch value {
        case .string(let text): string(text, into: &out)
        case .int(let number): out.append(contentsOf: String(number).utf8)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            out.append(0x0A)
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")); out.append(0x0A) }
                spaces(indent + 1, into: &out)
                write(item, indent: indent + 1, into: &out)
            }
            out.append(0x0A)
            spaces(indent, into: &out)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            out.append(0x0A)
            let present = members.compactMap { key, value in value.map { (Array(key.utf8), $0) } }
                .sorted { $0.0.lexicographicallyPrecedes($1.0) }
            for (index, (key, item)) in present.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")); out.append(0x0A) }
                spaces(indent + 1, into: &out)
                out.append(UInt8(ascii: "\""))
                out.append(contentsOf: key)
                out.append(contentsOf: "\" : ".utf8)
                write(item, indent: indent + 1, into: &out)
            }
            out.append(0x0A)
            spaces(indent, into: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    static func spaces(_ level: Int, into out: inout [UInt8]) {
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: level * 2))
    }

    /// A string as the encoder escapes it: quote, backslash, the short escapes, other control
    /// characters as `\u00xx` (lower-case hex); everything else, `/` included, as it is.
    static func string(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
