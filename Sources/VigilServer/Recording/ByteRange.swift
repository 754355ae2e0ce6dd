/// One range of an HTTP `Range: bytes=…` header (RFC 9110 §14.1.2) resolved against a file of
/// `size` bytes: `a-b`, `a-` and `-n` (the last n bytes). Several ranges are not served (the
/// answer is then the whole file), an unsatisfiable one is `nil` (416).
struct ByteRange: Equatable, Sendable {
    let first: Int64
    let last: Int64

    var length: Int64 { last - first + 1 }

    enum Parsed: Equatable {
        case whole
        case range(ByteRange)
        case unsatisfiable
    }

    static func parse(_ header: String?, size: Int64) -> Parsed {
        guard let header, header.hasPrefix("bytes="), size >= 0 else { return .whole }
        let spec = header.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return .whole }
        let start = spec[..<dash], end = spec[spec.index(after: dash)...]
        if start.isEmpty {
            guard let suffix = Int64(end), suffix > 0, size > 0 else { return .unsatisfiable }
            return .range(ByteRange(first: max(0, size - suffix), last: size - 1))
        }
        guard let first = Int64(start), first >= 0 else { return .whole }
        guard first < size else { return .unsatisfiable }
        if end.isEmpty { return .range(ByteRange(first: first, last: size - 1)) }
        guard let last = Int64(end), last >= first else { return .whole }
        return .range(ByteRange(first: first, last: min(last, size - 1)))
    }
}
