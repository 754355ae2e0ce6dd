import Foundation

/// A decoding failure in words: which field, and what was wrong with it.
struct DecodingErrorText: CustomStringConvertible {
    let error: any Error
    init(_ error: any Error) { self.error = error }

    var description: String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty ? "the body" : "field '" + keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".") + "'"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) should be \(Self.name(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) should be \(Self.name(type)), not null"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "malformed JSON" : "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    static func name(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Double.Type, is Int.Type: "a number"
        case is Bool.Type: "true or false"
        default: "an object"
        }
    }
}
