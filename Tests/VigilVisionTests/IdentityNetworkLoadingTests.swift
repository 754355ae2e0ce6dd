import Foundation
import Testing
import VigilVision

/// dlib's face recognition network is loaded only when the identity check is on (issue 13):
/// with it off, an analyzer neither loads the network nor needs its model file.
@Suite("dlib is loaded only for the identity check")
struct IdentityNetworkLoadingTests {
    /// The test models without dlib's file (symbolic links to the others).
    func modelsWithoutDlib() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-no-dlib-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let real = URL(fileURLWithPath: TestPaths.models).resolvingSymlinksInPath()
        for model in ModelCatalog.Model.allCases where model != .faceRecognition {
            try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent(model.rawValue),
                                                       withDestinationURL: real.appendingPathComponent(model.rawValue).resolvingSymlinksInPath())
        }
        return folder
    }

    @Test("with the check off the analyzer holds no network and starts without dlib's model file")
    func offLoadsNothing() throws {
        let folder = try modelsWithoutDlib()
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = AnalyzerConfiguration(modelsDirectory: folder.path)
        configuration.identityCheck = false
        let analyzer = try FrameAnalyzer(configuration: configuration)
        #expect(!analyzer.identityCheckLoaded)
        // Asked for a descriptor anyway, it says the check is off rather than "no face".
        let image = try Image(contentsOf: TestPaths.photo("faces/frontal/grace_hopper_frontal.jpg"))
        let detections = try analyzer.detect(image, objects: false)
        #expect(throws: VisionError.identityCheckOff) { _ = try analyzer.identitySample(of: detections, in: image) }
    }

    @Test("with the check on (the default) the same folder is refused for lacking dlib's model file")
    func onNeedsTheNetwork() throws {
        let folder = try modelsWithoutDlib()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect {
            _ = try FrameAnalyzer(configuration: AnalyzerConfiguration(modelsDirectory: folder.path))
        } throws: { error in
            "\(error)".contains("dlib_face_recognition_resnet_model_v1.dat")
        }
        let analyzer = try FrameAnalyzer(configuration: AnalyzerConfiguration(modelsDirectory: TestPaths.models))
        #expect(analyzer.identityCheckLoaded)
    }
}
