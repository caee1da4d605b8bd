/// `manifest.json` written directly, byte for byte as `JSONEncoder` writes it with
/// `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]` (a test compares the two on every
/// example plan's manifest and on generated ones). The encoder builds its generic containers and
/// their type metadata on every handout: a tenth of one `hep render`'s own work. Reading a
/// manifest back stays with `JSONDecoder`.
enum ManifestJSON {
    /// A JSON value; an object's members are given in sorted key order (as the encoder's
    /// `.sortedKeys` orders these ASCII keys; the test holds them to it), nil ones left out.
    indirect enum Value {
        case string(String)
        case int(Int)
        case array([Value])
        case object([(StaticString, Value?)])
    }

    static func encode(_ manifest: Manifest) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(8192)
        write(value(manifest), indent: 0, into: &out)
        out.append(0x0A)
        return out
    }

    static func value(_ manifest: Manifest) -> Value {
        let plan: Value = value(manifest.plan)
        let pictures: Value? = manifest.pictures.map { .array($0.map(value)) }
        let members: [(StaticString, Value?)] = [
            ("catalogueVersion", .string(manifest.catalogueVersion)), ("cmarkVersion", .string(manifest.cmarkVersion)),
            ("exercises", .array(manifest.exercises.map(value))), ("language", .string(manifest.language)),
            ("manifestVersion", .int(manifest.manifestVersion)), ("outputs", .array(manifest.outputs.map(value))),
            ("patientID", .string(manifest.patientID)), ("pictures", pictures),
            ("plan", plan), ("previous", manifest.previous.map(Value.string)),
            ("reference", manifest.reference.map(Value.string)), ("sessionDate", .string(manifest.sessionDate)),
            ("templates", .array(manifest.templates.map(value))), ("tool", .string(manifest.tool)),
            ("toolVersion", .string(manifest.toolVersion)),
        ]
        return .object(members)
    }

    static func value(_ hash: Manifest.FileHash) -> Value {
        .object([("file", .string(hash.file)), ("sha256", .string(hash.sha256))])
    }

    static func value(_ record: Manifest.ExerciseRecord) -> Value {
        .object([("dose", record.dose.map(value)), ("file", .string(record.file)), ("id", .string(record.id)),
                 ("sha256", .string(record.sha256)), ("title", record.title.map(Value.string)), ("version", .int(record.version))])
    }

    static func value(_ dose: Manifest.DoseRecord) -> Value {
        .object([("daysPerWeek", .int(dose.daysPerWeek)), ("hold", dose.hold.map(Value.int)), ("perDay", .int(dose.perDay)),
                 ("reps", dose.reps.map(Value.int)), ("rest", dose.rest.map(Value.int)), ("seconds", dose.seconds.map(Value.int)),
                 ("sets", .int(dose.sets)), ("side", .string(dose.side)), ("tempo", dose.tempo.map(Value.string))])
    }

    static func value(_ picture: Manifest.PictureRecord) -> Value {
        .object([("credit", picture.credit.map(Value.string)), ("exercise", .string(picture.exercise)), ("file", .string(picture.file)),
                 ("licence", .string(picture.licence)), ("sha256", .string(picture.sha256))])
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
            var first = true
            for item in items {
                if !first { out.append(UInt8(ascii: ",")); out.append(0x0A) }
                first = false
                spaces(indent + 1, into: &out)
                write(item, indent: indent + 1, into: &out)
            }
            out.append(0x0A)
            spaces(indent, into: &out)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            out.append(0x0A)
            var first = true
            for (key, item) in members {
                guard let item else { continue }
                if !first { out.append(UInt8(ascii: ",")); out.append(0x0A) }
                first = false
                spaces(indent + 1, into: &out)
                out.append(UInt8(ascii: "\""))
                key.withUTF8Buffer { out.append(contentsOf: $0) }
                out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: " "), UInt8(ascii: ":"), UInt8(ascii: " ")])
                write(item, indent: indent + 1, into: &out)
            }
            out.append(0x0A)
            spaces(indent, into: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    static func spaces(_ level: Int, into out: inout [UInt8]) {
        for _ in 0..<(level * 2) { out.append(UInt8(ascii: " ")) }
    }

    /// A string as the encoder escapes it: quote, backslash, the short escapes, other control
    /// characters as `\u00xx` (lower-case hex); everything else, `/` included, as it is.
    static func string(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        // Most strings (ids, hashes, paths) need no escape: copied whole.
        let plain = text.withUTF8 { bytes -> Bool in
            guard !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if plain {
            out.append(UInt8(ascii: "\""))
            return
        }
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
