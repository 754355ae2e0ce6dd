/// A JSON value as a client sent it, before it is checked: the policy is validated field by field
/// (so a 422 can name the bad field) rather than decoded into a typed struct that fails as a
/// whole. Object keys are read back to snake_case, because Vigil's decoders convert keys (even
/// dictionary keys) from snake_case to camelCase before a `Decodable` sees them.
public enum PolicyValue: Sendable, Equatable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([PolicyValue])
    case object([String: PolicyValue])

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: AnyKey.self) {
            var fields: [String: PolicyValue] = [:]
            for key in object.allKeys {
                fields[Self.snakeCase(key.stringValue)] = try object.decode(PolicyValue.self, forKey: key)
            }
            self = .object(fields)
            return
        }
        if var list = try? decoder.unkeyedContainer() {
            var items: [PolicyValue] = []
            while !list.isAtEnd { items.append(try list.decode(PolicyValue.self)) }
            self = .array(items)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(Double.self) {
            self = .number(value)
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    /// "noFaceSeconds" → "no_face_seconds"; snake_case stays as it is.
    static func snakeCase(_ key: String) -> String {
        var out = ""
        for character in key {
            if character.isUppercase {
                if !out.isEmpty { out.append("_") }
                out += character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// How the value reads in an error message ("a string", "true").
    var described: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .number(let value): "\(value)"
        case .string(let value): "the string \"\(value)\""
        case .array: "a list"
        case .object: "an object"
        }
    }
}
