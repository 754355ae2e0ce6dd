import Foundation
import Testing
@testable import VigilMedia

@Suite struct PipelineTemplateTests {
    @Test func fillsEveryPlaceholder() throws {
        let template = PipelineTemplate(file: "t.pipeline", text: "a width={{w}} ! b height={{ h }}")
        #expect(try template.filled(["w": "640", "h": "480"]) == "a width=640 ! b height=480")
    }

    @Test func refusesAnUnfilledPlaceholder() {
        let template = PipelineTemplate(file: "t.pipeline", text: "a width={{w}} ! b height={{h}}")
        #expect(throws: MediaError.self) { try template.filled(["w": "640"]) }
        do {
            _ = try template.filled(["w": "640"])
        } catch {
            #expect(error.description.contains("{{h}}"))
        }
    }
}
