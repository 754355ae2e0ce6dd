/// A strict-enough RFC 4180 reader for checking exports: quoted fields may hold commas, doubled
/// quotes and line breaks; records end with CRLF (or a lone LF). Works on Unicode scalars, since
/// Swift treats "\r\n" as a single Character.
func parseCSV(_ text: String) -> [[String]] {
    let scalars = Array(text.unicodeScalars)
    var records: [[String]] = []
    var record: [String] = []
    var field = String.UnicodeScalarView()
    var quoted = false
    var index = 0
    func endField() {
        record.append(String(field))
        field = String.UnicodeScalarView()
    }
    while index < scalars.count {
        let scalar = scalars[index]
        if quoted {
            if scalar == "\"" {
                if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                    field.append("\"")
                    index += 1
                } else {
                    quoted = false
                }
            } else {
                field.append(scalar)
            }
        } else {
            switch scalar {
            case "\"": quoted = true
            case ",": endField()
            case "\r", "\n":
                if scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
                endField()
                records.append(record)
                record = []
            default: field.append(scalar)
            }
        }
        index += 1
    }
    if !field.isEmpty || !record.isEmpty {
        endField()
        records.append(record)
    }
    return records
}
