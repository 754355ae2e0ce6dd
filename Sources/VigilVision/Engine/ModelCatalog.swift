import Crypto
import Foundation

/// The model files the detectors load, found in one folder and checked by SHA-256 before use, so
/// a truncated download or a file from another release fails with a clear message instead of
/// wrong answers. Every hash is fixed: the MediaPipe models are the `.tflite` files of the
/// `mediapipe==0.10.14` wheel byte for byte (OpenVINO reads them directly), YOLOX-Nano is the
/// published ONNX file (see tools/models/README.md and docs/vision-engine.md).
public struct ModelCatalog: Sendable {
    public enum Model: String, CaseIterable, Sendable {
        case faceDetector = "face_detection_short_range.tflite"
        case faceLandmarks = "face_landmark.tflite"
        case iris = "iris_landmark.tflite"
        case objects = "yolox_nano.onnx"
        case objectLabels = "coco80.names"

        /// The file's SHA-256 (the same values tools/models/models.py pins).
        var sha256: String {
            switch self {
            case .faceDetector: "bbff11cebd1eb27a1e004cae0b0e63ec8c551cbf34a4451148b4908b8db3eca8"
            case .faceLandmarks: "1055cb9d4a9ca8b8c688902a3a5194311138ba256bcc94e336d8373a5f30c814"
            case .iris: "d1744d2a09c25f501d39eba4faff47e53ecca8852c5ce19bce8eeac39357521f"
            case .objects: "695e750a5d5754bb5a8d5325643b59282191a7e7a564e435a415fd3c578eab14"
            case .objectLabels: "bd17f1ee35d5f3c862a4894605855abbb9dda4b0621fdb0ac4c2c8c7bb7e730a"
            }
        }
    }

    public let folder: String

    public init(folder: String) {
        self.folder = folder
    }

    /// The path of a model after checking it exists and has the expected SHA-256.
    public func path(of model: Model) throws(VisionError) -> String {
        let path = folder + "/" + model.rawValue
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .modelMissing(file: model.rawValue, expectedSHA256: model.sha256, folder: folder)
        }
        let actual = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        guard actual == model.sha256 else {
            throw .modelCorrupt(file: path, expectedSHA256: model.sha256, actualSHA256: actual)
        }
        return path
    }

    public func labels() throws(VisionError) -> [String] {
        let path = try path(of: .objectLabels)
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
