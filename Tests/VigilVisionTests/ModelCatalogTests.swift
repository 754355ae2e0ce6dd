import Foundation
import Testing
import VigilVision

@Suite("Model files are checked before use")
struct ModelCatalogTests {
    /// A scratch folder holding real copies of the model files of `source` (default: the test
    /// model folder), which a test may damage. Each file is read through any symbolic link (of the
    /// folder or of the file) and written anew, so nothing done to the copy reaches the originals.
    func scratchCopy(of source: String = TestPaths.models) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-models-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let real = URL(fileURLWithPath: source).resolvingSymlinksInPath()
        for model in ModelCatalog.Model.allCases {
            let bytes = try Data(contentsOf: real.appendingPathComponent(model.rawValue).resolvingSymlinksInPath())
            try bytes.write(to: folder.appendingPathComponent(model.rawValue))
        }
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
        let path = folder.appendingPathComponent("face_detection_short_range.tflite")
        let bytes = try Data(contentsOf: path)
        try bytes.prefix(bytes.count / 2).write(to: path)
        #expect {
            _ = try FrameAnalyzer(configuration: AnalyzerConfiguration(modelsDirectory: folder.path))
        } throws: { error in
            guard case .modelCorrupt(let file, _, _) = error as? VisionError else { return false }
            return file.hasSuffix("face_detection_short_range.tflite")
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

    @Test("damaging the scratch copy of a symlinked model folder leaves the real files intact")
    func scratchCopyOfSymlinkedFolder() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-linked-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        // A "real" model folder of our own (never the test model folder), and a link to it.
        let real = try scratchCopy()
        defer { try? FileManager.default.removeItem(at: real) }
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        let link = base.appendingPathComponent("models")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)

        let scratch = try scratchCopy(of: link.path)
        defer { try? FileManager.default.removeItem(at: scratch) }
        for model in ModelCatalog.Model.allCases {
            let attributes = try FileManager.default.attributesOfItem(atPath: scratch.appendingPathComponent(model.rawValue).path)
            #expect(attributes[.type] as? FileAttributeType == .typeRegular, "\(model.rawValue) in the scratch copy is not a regular file")
        }
        try FileManager.default.removeItem(at: scratch.appendingPathComponent("yolox_nano.onnx"))
        try Data().write(to: scratch.appendingPathComponent("face_landmark.tflite"))

        let catalog = ModelCatalog(folder: link.path)
        for model in ModelCatalog.Model.allCases {
            #expect(throws: Never.self) { _ = try catalog.path(of: model) }
        }
    }
}
