import Foundation

/// YOLOX-Nano on COCO's 80 classes: finds phones, books, laptops, screens and people. The net
/// gives raw grid offsets; `YOLOXDecoder` turns them into boxes (see models/README).
final class ObjectDetector {
    static let inputSize = 416

    private let network: Network
    private let decoder: YOLOXDecoder

    /// BGR, raw 0–255, NCHW as the ONNX export takes it.
    static let input = NetworkInput(layout: "NCHW", rgb: false, mean: 0, scale: 1)

    init(engine: InferenceEngine, modelPath: String, labels: [String]) throws(VisionError) {
        network = try Network(engine: engine, path: modelPath, name: "YOLOX-Nano", input: Self.input)
        decoder = YOLOXDecoder(inputSize: Self.inputSize, labels: labels)
    }

    /// Objects of the classes in `wanted` (all when nil) scoring at least `minimumScore`.
    func detect(in image: Image, minimumScore: Double = 0.3, wanted: Set<String>? = nil) throws(VisionError) -> [DetectedObject] {
        // BGR, raw 0–255, top-left letterbox on grey 114.
        let letterbox = AffineTransform.letterbox(width: image.width, height: image.height, side: Self.inputSize, centred: false)
        let input = try image.warped(letterbox, width: Self.inputSize, height: Self.inputSize, border: 114)
        let outputs = try network.forward(input)
        guard let rows = outputs.first else { throw .inferenceFailed(model: network.name, reason: "no output") }
        return decoder.decode(rows, minimumScore: minimumScore, wanted: wanted, toFrame: letterbox.inverted)
    }
}
