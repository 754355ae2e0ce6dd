import Foundation
import Testing
@testable import VigilVision

/// Failures inside OpenVINO and OpenCV come back as typed errors with the engine's reason, never
/// as a crash (issue 17 item 5).
@Suite("Engine and image failures are typed errors")
struct EngineErrorTests {
    @Test("a file that is not a model is refused by OpenVINO with its reason")
    func notAModel() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-not-a-model-\(UUID().uuidString).tflite")
        try Data("this is not a TensorFlow Lite flatbuffer".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let engine = try InferenceEngine(threads: 1)
        #expect {
            _ = try Network(engine: engine, path: file.path, name: "garbage", input: FaceDetector.input)
        } throws: { error in
            guard case .modelUnloadable(let path, let reason) = error as? VisionError else { return false }
            return path == file.path && reason.hasPrefix("reading the model") && "\(error)".contains("OpenVINO could not load")
        }
    }

    @Test("an input of the wrong size fails the inference with a reason, the network stays usable")
    func wrongInputSize() throws {
        let engine = try InferenceEngine(threads: 1)
        let path = try ModelCatalog(folder: TestPaths.models).path(of: .iris)
        let network = try Network(engine: engine, path: path, name: "Iris", input: GazeEstimator.input)
        let photo = try Image(contentsOf: TestPaths.photo("faces/frontal/grace_hopper_frontal.jpg"))
        #expect(throws: VisionError.self) { _ = try network.forward(try photo.resized(width: 50, height: 70)) }
        let outputs = try network.forward(try photo.resized(width: GazeEstimator.inputSize, height: GazeEstimator.inputSize))
        #expect(outputs.map(\.count).sorted() == [15, 213])
    }

    @Test("OpenCV's failures come back as errors: an empty crop, an unreadable file")
    func imageFailures() throws {
        let photo = try Image(contentsOf: TestPaths.photo("faces/frontal/grace_hopper_frontal.jpg"))
        #expect {
            _ = try photo.cropped(x: 0, y: 0, width: 0, height: 10)
        } throws: { error in
            guard case .imageFailed = error as? VisionError else { return false }
            return true
        }
        #expect(throws: VisionError.imageUnreadable(path: "/nonexistent/photo.jpg")) {
            _ = try Image(contentsOf: "/nonexistent/photo.jpg")
        }
    }
}
