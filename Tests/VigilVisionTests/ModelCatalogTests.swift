import Foundation
import Testing
import VigilVision

@Suite("Model files are checked before use")
struct ModelCatalogTests {
    /// A copy of the model folder that a test may damage.
    func scratchCopy() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-models-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: TestPaths.models, toPath: folder.path)
        return folder
    }

    @Test("a missing model gives an error naming the file, its expected sha256 and how to get it")
    func missingModel() throws {
        let folder = try scratchCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("yolox_nano.onnx"))
        #expect {
            _ = try FrameAnalyzer(configuration: AnalyzerConfiguration(modelsDirectory: folder.path))
        } throws: { error in
            let text = "\(error)"
            return text.contains("yolox_nano.onnx") && text.contains("695e750a5d5754bb5a8d5325643b59282191a7e7a564e435a415fd3c578eab14")
                && text.contains("scripts/models.sh")
        }
    }

    @Test("a truncated model is refused by its sha256, not loaded")
    func corruptModel() throws {
        let folder = try scratchCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("face_detection_short_range.onnx")
        let bytes = try Data(contentsOf: path)
        try bytes.prefix(bytes.count / 2).write(to: path)
        #expect {
            _ = try FrameAnalyzer(configuration: AnalyzerConfiguration(modelsDirectory: folder.path))
        } throws: { error in
            guard case .modelCorrupt(let file, _, _) = error as? VisionError else { return false }
            return file.hasSuffix("face_detection_short_range.onnx")
        }
    }

    @Test("an empty folder names the first model it needs")
    func emptyFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: VisionError.self) {
            _ = try FrameAnalyzer(configuration: AnalyzerConfiguration(modelsDirectory: folder.path))
        }
    }
}
