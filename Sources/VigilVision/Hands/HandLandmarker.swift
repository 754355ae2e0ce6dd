import Foundation

/// MediaPipe's hand-landmark model (lite, 224 × 224): 21 points and a hand-presence score from a
/// crop around a palm, rotated so the fingers point up, as MediaPipe cuts it (2.6 × the palm box,
/// shifted half a palm towards the fingers). The presence score rejects palm-detector mistakes.
final class HandLandmarker {
    static let inputSize = 224
    /// RGB, x / 255, NHWC.
    static let input = NetworkInput(layout: "NHWC", rgb: true, mean: 0, scale: 255)

    private let network: Network

    init(engine: InferenceEngine, modelPath: String) throws(VisionError) {
        network = try Network(engine: engine, path: modelPath, name: "HandLandmarks", input: Self.input)
    }

    func measure(_ palm: PalmDetector.Palm, in image: Image) throws(VisionError) -> DetectedHand {
        let dx = palm.middleBase.x - palm.wrist.x, dy = palm.middleBase.y - palm.wrist.y
        // The crop's "up" is the wrist → middle-finger direction.
        let angle = atan2(dy, dx) + Double.pi / 2
        let length = max((dx * dx + dy * dy).squareRoot(), 1e-6)
        let up = Point(x: dx / length, y: dy / length)
        let shift = 0.5 * palm.box.height
        let centre = Point(x: palm.box.center.x + up.x * shift, y: palm.box.center.y + up.y * shift)
        let side = max(palm.box.width, palm.box.height) * 2.6
        let toCrop = AffineTransform.crop(center: centre, side: side, angle: angle, size: Self.inputSize)
        let input = try image.warped(toCrop, width: Self.inputSize, height: Self.inputSize)
        let outputs = try network.forward(input)
        // Outputs: 21 × 3 landmarks, hand presence (a probability already), handedness, world landmarks.
        guard let points = outputs.first(where: { $0.count == 63 }),
              let presence = outputs.first(where: { $0.count == 1 }) else {
            throw .inferenceFailed(model: network.name, reason: "unexpected outputs \(outputs.map(\.count))")
        }
        let toFrame = toCrop.inverted
        let landmarks = (0..<21).map { toFrame.apply(Point(x: Double(points[3 * $0]), y: Double(points[3 * $0 + 1]))) }
        let xs = landmarks.map(\.x), ys = landmarks.map(\.y)
        let box = Rect(x: xs.min()!, y: ys.min()!, width: xs.max()! - xs.min()!, height: ys.max()! - ys.min()!)
        return DetectedHand(box: box, palmScore: palm.score, presence: Double(presence[0]), landmarks: landmarks)
    }
}
