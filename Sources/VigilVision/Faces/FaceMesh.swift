import Foundation

/// MediaPipe's face-mesh model: 468 landmarks from a 192 × 192 crop around a detected face,
/// rotated so the eyes are level (as MediaPipe crops it: 1.5 × the face box, square).
final class FaceMesh {
    static let inputSize = 192
    private let network: Network

    /// RGB, x / 255, NHWC as the TFLite graph takes it.
    static let input = NetworkInput(layout: "NHWC", rgb: true, mean: 0, scale: 255)

    init(engine: InferenceEngine, modelPath: String) throws(VisionError) {
        network = try Network(engine: engine, path: modelPath, name: "FaceMesh", input: Self.input)
    }

    func landmarks(for face: DetectedFace, in image: Image) throws(VisionError) -> FaceLandmarks {
        let rightEye = face.keypoints[0], leftEye = face.keypoints[1]
        // Angle that brings the eye line level (image y points down).
        let angle = atan2(leftEye.y - rightEye.y, leftEye.x - rightEye.x)
        let side = max(face.box.width, face.box.height) * 1.5
        let toCrop = AffineTransform.crop(center: face.box.center, side: side, angle: angle, size: Self.inputSize)
        let input = try image.warped(toCrop, width: Self.inputSize, height: Self.inputSize)
        let outputs = try network.forward(input)
        guard let mesh = outputs.first(where: { $0.count == 468 * 3 }),
              let presence = outputs.first(where: { $0.count == 1 }) else {
            throw .inferenceFailed(model: network.name, reason: "unexpected outputs \(outputs.map(\.count))")
        }
        let toFrame = toCrop.inverted
        let scale = side / Double(Self.inputSize)
        var points: [Point] = []
        var depths: [Double] = []
        points.reserveCapacity(468)
        for i in 0..<468 {
            points.append(toFrame.apply(Point(x: Double(mesh[3 * i]), y: Double(mesh[3 * i + 1]))))
            depths.append(Double(mesh[3 * i + 2]) * scale)
        }
        return FaceLandmarks(points: points, depths: depths, presence: 1 / (1 + exp(-Double(presence[0]))))
    }
}
