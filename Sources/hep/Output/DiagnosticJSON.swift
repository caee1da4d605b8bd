import Foundation
import HEPKit

/// `hep check --format json`: a JSON array, one object per diagnostic and one per line, each with
/// `file`, `line`, `column` (0 when unknown), `severity`, `kind`, `message` and `hint` (worded as
/// on the command line; null when there is none). Every diagnostic is its own object: the new
/// exercises' warnings are not grouped as they are in text.
extension DiagnosticList {
    var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let objects = sorted.map { diagnostic in
            let data = (try? encoder.encode(DiagnosticObject(diagnostic))) ?? Data("{}".utf8)
            return String(decoding: data, as: UTF8.self)
        }
        return objects.isEmpty ? "[]" : "[\n" + objects.joined(separator: ",\n") + "\n]"
    }
}

private struct DiagnosticObject: Encodable {
    let diagnostic: Diagnostic

    init(_ diagnostic: Diagnostic) { self.diagnostic = diagnostic }

    enum CodingKeys: String, CodingKey { case file, line, column, severity, kind, message, hint }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(diagnostic.file, forKey: .file)
        try container.encode(diagnostic.line, forKey: .line)
        try container.encode(diagnostic.column, forKey: .column)
        try container.encode(diagnostic.severity.rawValue, forKey: .severity)
        try container.encode(diagnostic.kind, forKey: .kind)
        try container.encode(diagnostic.message, forKey: .message)
        if let hint = diagnostic.hint { try container.encode(hint.commandLineText, forKey: .hint) } else { try container.encodeNil(forKey: .hint) }
    }
}
