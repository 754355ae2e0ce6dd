/// A pipeline description from `pipelines/` with its placeholders filled in, and the file it came
/// from (named in every error about it).
struct FilledDescription: Sendable {
    let file: String
    let text: String

    init(_ template: PipelineTemplate, _ values: [String: String]) throws(MediaError) {
        file = template.file
        text = try template.filled(values)
    }

    init(file: String, text: String) {
        self.file = file
        self.text = text
    }
}
