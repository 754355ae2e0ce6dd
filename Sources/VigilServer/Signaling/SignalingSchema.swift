import Foundation

/// Validates signaling messages against `signaling/signaling.schema.json`, the same file the
/// pages validate with (js/schema.js). Implements exactly the JSON Schema keywords that file
/// uses; an unknown keyword in the file fails loudly at start-up instead of being ignored.
struct SignalingSchema: Sendable {
    private let root: JSONValue

    static let supportedKeywords: Set<String> = [
        "$schema", "$id", "title", "description", "$defs", "type", "const", "enum", "properties", "required",
        "additionalProperties", "minLength", "maxLength", "minimum", "maximum", "items", "maxItems", "oneOf", "$ref",
    ]

    init(data: Data) throws {
        root = try JSONValue(parsing: data)
        try Self.checkKeywords(root, path: "#")
    }

    /// The first problem with `message`, worded for the page's developer, or nil if it is valid.
    func problem(with message: JSONValue) -> String? {
        validate(message, against: root, path: "message")
    }

    private func validate(_ value: JSONValue, against schema: JSONValue, path: String) -> String? {
        guard case .object(let rules) = schema else { return nil }
        if case .string(let reference) = rules["$ref"] {
            guard let target = resolve(reference) else { return "schema reference \(reference) is missing" }
            return validate(value, against: target, path: path)
        }
        if case .array(let options) = rules["oneOf"] {
            let failures = options.map { validate(value, against: $0, path: path) }
            let passed = failures.filter { $0 == nil }.count
            if passed == 1 { return nil }
            if passed > 1 { return "\(path) matches more than one message shape" }
            // Explain against the shape its "type" names, if any.
            if case .object(let fields) = value, case .string(let type)? = fields["type"] {
                for (option, failure) in zip(options, failures) where constType(of: option) == type { return failure }
                let known = options.compactMap(constType(of:)).joined(separator: ", ")
                return "unknown message type '\(type)'; expected one of: \(known)"
            }
            return "\(path) must be an object with a string 'type'"
        }
        if case .string(let type) = rules["type"], !value.isOfType(type) {
            return "\(path) must be \(type == "integer" || type == "object" || type == "array" ? "an" : "a") \(type)"
        }
        if let constant = rules["const"], constant != value { return "\(path) must be \(constant.text)" }
        if case .array(let allowed) = rules["enum"], !allowed.contains(value) {
            return "\(path) must be one of \(allowed.map(\.text).joined(separator: ", "))"
        }
        if case .string(let text) = value {
            if case .number(let least) = rules["minLength"], Double(text.count) < least { return "\(path) is shorter than \(Int(least)) characters" }
            if case .number(let most) = rules["maxLength"], Double(text.count) > most { return "\(path) is longer than \(Int(most)) characters" }
        }
        if case .number(let number) = value {
            if case .number(let least) = rules["minimum"], number < least { return "\(path) must be at least \(Int(least))" }
            if case .number(let most) = rules["maximum"], number > most { return "\(path) must be at most \(Int(most))" }
        }
        if case .array(let items) = value {
            if case .number(let most) = rules["maxItems"], Double(items.count) > most { return "\(path) has more than \(Int(most)) items" }
            if let itemSchema = rules["items"] {
                for (index, item) in items.enumerated() {
                    if let problem = validate(item, against: itemSchema, path: "\(path)[\(index)]") { return problem }
                }
            }
        }
        if case .object(let fields) = value {
            let properties: [String: JSONValue]
            if case .object(let declared) = rules["properties"] { properties = declared } else { properties = [:] }
            if case .array(let required) = rules["required"] {
                for case .string(let name) in required where fields[name] == nil { return "\(path) is missing '\(name)'" }
            }
            if rules["additionalProperties"] == .bool(false) {
                for name in fields.keys.sorted() where properties[name] == nil { return "\(path) has an unexpected field '\(name)'" }
            }
            for name in fields.keys.sorted() {
                if let propertySchema = properties[name], let field = fields[name],
                   let problem = validate(field, against: propertySchema, path: "\(path).\(name)") {
                    return problem
                }
            }
        }
        return nil
    }

    private func constType(of option: JSONValue) -> String? {
        guard let shape = (option.object?["$ref"]?.string).flatMap(resolve) ?? option as JSONValue?,
              case .string(let type)? = shape.object?["properties"]?.object?["type"]?.object?["const"] else { return nil }
        return type
    }

    private func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: JSONValue? = root
        for part in reference.dropFirst(2).split(separator: "/") { node = node?.object?[String(part)] }
        return node
    }

    private static func checkKeywords(_ schema: JSONValue, path: String) throws {
        guard case .object(let rules) = schema else { return }
        for (keyword, child) in rules {
            guard supportedKeywords.contains(keyword) else {
                throw SchemaError(message: "signaling schema uses '\(keyword)' at \(path), which SignalingSchema does not implement")
            }
            switch keyword {
            case "$defs", "properties":
                for (name, sub) in child.object ?? [:] { try checkKeywords(sub, path: "\(path)/\(keyword)/\(name)") }
            case "items": try checkKeywords(child, path: "\(path)/items")
            case "oneOf": for (index, sub) in (child.array ?? []).enumerated() { try checkKeywords(sub, path: "\(path)/oneOf/\(index)") }
            default: break
            }
        }
    }

    struct SchemaError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
