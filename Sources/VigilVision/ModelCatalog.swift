import Crypto
import Foundation

/// The model files the detectors load, found in one folder and checked by SHA-256 before use, so
/// a truncated download or a file from another release fails with a clear message instead of
/// wrong answers. Converted models are checked against `MANIFEST.json`, which the set-up's
/// converter writes (its output bytes vary between runs); the YOLOX file against its published
/// hash.
public struct ModelCatalog: Sendable {
    public enum Model: String, CaseIterable, Sendable {
        case faceDetector = "face_detection_short_range.onnx"
        case faceLandmarks = "face_landmark.onnx"
        case iris = "iris_landmark.onnx"
        case objects = "yolox_nano.onnx"
        case objectLabels = "coco80.names"

        /// Hashes that do not depend on a local conversion.
        var fixedSHA256: String? {
            switch self {
            case .objects: "695e750a5d5754bb5a8d5325643b59282191a7e7a564e435a415fd3c578eab14"
            case .objectLabels: "bd17f1ee35d5f3c862a4894605855abbb9dda4b0621fdb0ac4c2c8c7bb7e730a"
            default: nil
            }
        }
    }

    public let folder: String
    private let manifest: [String: String]

    public init(folder: String) {
        self.folder = folder
        manifest = Self.readManifest(folder + "/MANIFEST.json")
    }

    /// The path of a model after checking it exists and has the expected SHA-256.
    public func path(of model: Model) throws(VisionError) -> String {
        let path = folder + "/" + model.rawValue
        let expected = model.fixedSHA256 ?? manifest[model.rawValue]
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .modelMissing(file: model.rawValue, expectedSHA256: expected, folder: folder)
        }
        guard let expected else {
            throw .modelMissing(file: "MANIFEST.json (entry for \(model.rawValue))", expectedSHA256: nil, folder: folder)
        }
        let actual = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        guard actual == expected else {
            throw .modelCorrupt(file: path, expectedSHA256: expected, actualSHA256: actual)
        }
        return path
    }

    public func labels() throws(VisionError) -> [String] {
        let path = try path(of: .objectLabels)
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// name → sha256 from the converter's manifest, accepting either {"files": [{name, sha256}]}
    /// or {"name": {"sha256": …}}.
    static func readManifest(_ path: String) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path),
              let json = try? JSONSerialization.jsonObject(with: data) else { return [:] }
        var result: [String: String] = [:]
        if let object = json as? [String: Any], let files = object["files"] ?? object["models"] {
            if let list = files as? [[String: Any]] {
                for entry in list {
                    if let name = entry["name"] as? String ?? entry["file"] as? String, let sha = entry["sha256"] as? String {
                        result[name] = sha
                    }
                }
            } else if let map = files as? [String: [String: Any]] {
                for (name, entry) in map { if let sha = entry["sha256"] as? String { result[name] = sha } }
            }
        } else if let map = json as? [String: [String: Any]] {
            for (name, entry) in map { if let sha = entry["sha256"] as? String { result[name] = sha } }
        }
        return result
    }
}
