import Foundation

/// A pipeline description from `pipelines/` with `{{name}}` placeholders. The text stays
/// editable by people who know gst-launch; Swift only fills in values.
public struct PipelineTemplate: Sendable {
    public let file: String
    public let text: String

    public init(file: String, text: String) {
        self.file = file
        self.text = text
    }

    /// Reads `name` from the folder.
    public static func load(_ name: String, from folder: URL) throws(MediaError) -> PipelineTemplate {
        let url = folder.appendingPathComponent(name)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw .pipelineFileMissing(path: url.path)
        }
        return PipelineTemplate(file: name, text: text)
    }

    /// The description with every placeholder replaced; an unfilled one is an error rather than
    /// a confusing parse failure later.
    public func filled(_ values: [String: String]) throws(MediaError) -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw .placeholderUnfilled(file: file, name: String(rest[open.upperBound...].prefix(20)))
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard let value = values[name] else { throw .placeholderUnfilled(file: file, name: name) }
            result += value
            rest = rest[close.upperBound...]
        }
        result += rest
        return result
    }
}
