/// A spreadsheet exported as CSV (RFC 4180): a header row, then one row per record. Fields may be
/// quoted (`"a, b"`), with `""` for a quote and commas, CR/LF line ends or line breaks inside the
/// quotes. Every cell keeps where it starts, so problems point at the cell.
struct CSVTable {
    /// One field and where it starts.
    struct Cell: Sendable, Hashable {
        var text: String
        var location: SourceLocation
    }

    /// The header row's cells.
    var header: [Cell]
    /// The records, blank lines left out.
    var rows: [[Cell]]

    /// Parses `text`; nil (with a located error) when a quote is never closed or is out of place.
    static func parse(_ text: String, file: String, into diagnostics: inout DiagnosticList) -> CSVTable? {
        var records: [[Cell]] = []
        var record: [Cell] = []
        var field = ""
        var fieldStart = SourceLocation(file: file, line: 1, column: 1)
        var line = 1, column = 1
        var quoted = false       // inside a quoted field
        var wasQuoted = false    // the current field was quoted (its closing quote is behind us)
        var quoteStart = fieldStart
        var atFieldStart = true
        var wasQuotedRecord = false  // some field of the current record was quoted
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var index = 0

        func endField() {
            record.append(Cell(text: field, location: fieldStart))
            field = ""
            wasQuoted = false
            atFieldStart = true
        }
        func endRecord() {
            // A line holding nothing at all is blank, not a record of one empty field.
            if !(record.count == 1 && record[0].text.isEmpty && !wasQuotedRecord) { records.append(record) }
            record = []
            wasQuotedRecord = false
        }
        while index < scalars.count {
            let scalar = scalars[index]
            let here = SourceLocation(file: file, line: line, column: column)
            index += 1
            if scalar == "\r", index < scalars.count, scalars[index] == "\n" { continue }  // CRLF: the LF ends the line
            let isLineEnd = scalar == "\n" || scalar == "\r"
            defer {
                if isLineEnd { line += 1; column = 1 } else { column += 1 }
            }
            if atFieldStart { fieldStart = here }
            if quoted {
                if scalar == "\"" {
                    if index < scalars.count, scalars[index] == "\"" {
                        field.unicodeScalars.append("\"")
                        index += 1
                        column += 1
                    } else {
                        quoted = false
                        wasQuoted = true
                    }
                } else {
                    field.unicodeScalars.append(isLineEnd ? "\n" : scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                endField()
            case "\n", "\r":
                endField()
                endRecord()
            case "\"" where atFieldStart:
                quoted = true
                wasQuotedRecord = true
                quoteStart = here
                atFieldStart = false
            case "\"":
                diagnostics.error(here, "a quote in the middle of a field",
                                  hint: "put the whole field in quotes and double the quote inside it: \"5\"\" step\"")
                return nil
            default:
                if wasQuoted {
                    diagnostics.error(here, "text after the closing quote of a field",
                                      hint: "put the whole field in quotes and double any quote inside it")
                    return nil
                }
                field.unicodeScalars.append(scalar)
                atFieldStart = false
            }
        }
        if quoted {
            diagnostics.error(quoteStart, "this quoted field is never closed",
                              hint: "add the closing quote; a quote inside a quoted field is written twice (\"\")")
            return nil
        }
        if !atFieldStart || !record.isEmpty || wasQuoted {
            endField()
            endRecord()
        }
        guard let header = records.first else {
            diagnostics.error(SourceLocation(file: file, line: 1, column: 1), "the file is empty",
                              hint: "the first line names the columns, e.g. `id,title,phase,steps`")
            return nil
        }
        return CSVTable(header: header, rows: Array(records.dropFirst()))
    }
}
