import Foundation

/// MediaPipe's palm detector (lite, 192 × 192): palms and fists anywhere in the frame, with seven
/// keypoints (wrist, the base of each finger, the thumb). It finds where a hand is; the
/// `HandLandmarker` then confirms it and measures it.
final class PalmDetector {
    /// A palm in frame pixels: its box and keypoints 0 (wrist) and 2 (base of the middle finger),
    /// which give the hand's direction.
    struct Palm {
        var box: Rect
        var score: Double
        var wrist: Point
        var middleBase: Point
    }

    /// Same layout as BlazeFace short range, at 192 px: 24 × 24 × 2 then 12 × 12 × 6, 2016 anchors.
    static let anchors = BlazeFaceAnchors(inputSize: 192, layers: [(8, 2), (16, 6)])
    /// RGB, x / 255, NHWC as the TFLite graph takes it.
    static let input = NetworkInput(layout: "NHWC", rgb: true, mean: 0, scale: 255)

    private let network: Network
    let minimumScore: Double

    init(engine: InferenceEngine, modelPath: String, minimumScore: Double = 0.5) throws(VisionError) {
        network = try Network(engine: engine, path: modelPath, name: "PalmDetector", input: Self.input)
        self.minimumScore = minimumScore
    }

    func detect(in image: Image) throws(VisionError) -> [Palm] {
        let side = Self.anchors.inputSize
        let toInput = AffineTransform.letterbox(width: image.width, height: image.height, side: side, centred: true)
        let input = try image.warped(toInput, width: side, height: side)
        let outputs = try network.forward(input)
        let count = Self.anchors.centres.count
        guard let regressors = outputs.first(where: { $0.count == count * 18 }),
              let scores = outputs.first(where: { $0.count == count }) else {
            throw .inferenceFailed(model: network.name, reason: "unexpected outputs \(outputs.map(\.count))")
        }
        let toFrame = toInput.inverted
        var palms: [Palm] = []
        for (index, anchor) in Self.anchors.centres.enumerated() {
            let score = 1 / (1 + exp(-Double(max(-100, min(100, scores[index])))))
            guard score >= minimumScore else { continue }
            let r = index * 18
            func point(_ ox: Float, _ oy: Float) -> Point {
                toFrame.apply(Point(x: Double(ox) + anchor.x * Double(side), y: Double(oy) + anchor.y * Double(side)))
            }
            let centre = Point(x: Double(regressors[r]) + anchor.x * Double(side), y: Double(regressors[r + 1]) + anchor.y * Double(side))
            let w = Double(regressors[r + 2]), h = Double(regressors[r + 3])
            let topLeft = toFrame.apply(Point(x: centre.x - w / 2, y: centre.y - h / 2))
            let bottomRight = toFrame.apply(Point(x: centre.x + w / 2, y: centre.y + h / 2))
            palms.append(Palm(
                box: Rect(x: topLeft.x, y: topLeft.y, width: bottomRight.x - topLeft.x, height: bottomRight.y - topLeft.y),
                score: score, wrist: point(regressors[r + 4], regressors[r + 5]), middleBase: point(regressors[r + 8], regressors[r + 9])))
        }
        // Plain NMS: the best palm of each overlapping cluster.
        var kept: [Palm] = []
        for palm in palms.sorted(by: { $0.score > $1.score }) where !kept.contains(where: { $0.box.intersectionOverUnion(palm.box) > 0.3 }) {
            kept.append(palm)
        }
        return kept
    }
}
