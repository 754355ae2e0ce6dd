import Foundation

/// MediaPipe's BlazeFace. The short-range model (128 px) is fast (about 1 ms), made for faces
/// within about 2 m of the camera, which is the interview set-up; smaller faces (group photos)
/// are found by also running it on overlapping tiles of larger frames. The full-range model
/// (192 px, `anchors: .fullRange`) finds faces a few metres away; the analyzer runs it only when
/// the short-range one finds nothing or only small faces.
final class FaceDetector {
    private let network: Network
    private let anchors: BlazeFaceAnchors
    let minimumScore: Double
    let suppressionThreshold = 0.3

    /// RGB, (x − 127.5) / 127.5, NHWC as the TFLite graph takes it.
    static let input = NetworkInput(layout: "NHWC", rgb: true, mean: 127.5, scale: 127.5)

    init(engine: InferenceEngine, modelPath: String, minimumScore: Double = 0.5,
         anchors: BlazeFaceAnchors = .shortRange, name: String = "BlazeFace") throws(VisionError) {
        network = try Network(engine: engine, path: modelPath, name: name, input: Self.input)
        self.anchors = anchors
        self.minimumScore = minimumScore
    }

    /// Faces in the whole image, plus faces found in tiles when `tiles` is on and the image is
    /// large enough for faces to be too small for one 128-px pass.
    func detect(in image: Image, tiles: Bool) throws(VisionError) -> [DetectedFace] {
        var faces = try detect(in: image, region: Rect(x: 0, y: 0, width: Double(image.width), height: Double(image.height)))
        if tiles {
            for region in Self.tiles(width: image.width, height: image.height) {
                faces += try detect(in: image, region: region)
            }
        }
        return Self.blend(faces, threshold: suppressionThreshold)
    }

    /// A 2 × 2 grid of overlapping square-ish tiles, each half the frame plus overlap.
    static func tiles(width: Int, height: Int) -> [Rect] {
        let w = Double(width), h = Double(height)
        let tileW = w * 0.6, tileH = h * 0.6
        return [(0.0, 0.0), (w - tileW, 0.0), (0.0, h - tileH), (w - tileW, h - tileH)].map {
            Rect(x: $0.0, y: $0.1, width: tileW, height: tileH)
        }
    }

    private func detect(in image: Image, region: Rect) throws(VisionError) -> [DetectedFace] {
        let side = anchors.inputSize
        // Centred letterbox of the region onto the input square; RGB scaled to -1...1.
        let scale = min(Double(side) / region.width, Double(side) / region.height)
        let dx = (Double(side) - region.width * scale) / 2 - region.x * scale
        let dy = (Double(side) - region.height * scale) / 2 - region.y * scale
        let toInput = AffineTransform(a: scale, b: 0, c: 0, d: scale, tx: dx, ty: dy)
        let input = try image.warped(toInput, width: side, height: side)
        let outputs = try network.forward(input)
        let count = anchors.centres.count
        guard let regressors = outputs.first(where: { $0.count == count * 16 }),
              let scores = outputs.first(where: { $0.count == count }) else {
            throw .inferenceFailed(model: network.name, reason: "unexpected outputs \(outputs.map(\.count))")
        }
        let toFrame = toInput.inverted
        var faces: [DetectedFace] = []
        for (index, anchor) in anchors.centres.enumerated() {
            let logit = Double(max(-100, min(100, scores[index])))
            let score = 1 / (1 + exp(-logit))
            guard score >= minimumScore else { continue }
            let r = index * 16
            func inputPoint(_ ox: Float, _ oy: Float) -> Point {
                Point(x: (Double(ox) / Double(side) + anchor.x) * Double(side), y: (Double(oy) / Double(side) + anchor.y) * Double(side))
            }
            let centre = inputPoint(regressors[r], regressors[r + 1])
            let w = Double(regressors[r + 2]), h = Double(regressors[r + 3])
            let topLeft = toFrame.apply(Point(x: centre.x - w / 2, y: centre.y - h / 2))
            let bottomRight = toFrame.apply(Point(x: centre.x + w / 2, y: centre.y + h / 2))
            let keypoints = (0..<6).map { k in toFrame.apply(inputPoint(regressors[r + 4 + 2 * k], regressors[r + 5 + 2 * k])) }
            faces.append(DetectedFace(
                box: Rect(x: topLeft.x, y: topLeft.y, width: bottomRight.x - topLeft.x, height: bottomRight.y - topLeft.y),
                score: score, keypoints: keypoints))
        }
        return faces
    }

    /// MediaPipe's weighted NMS: overlapping detections are averaged, weighted by score, which
    /// steadies boxes from frame to frame better than keeping only the best one.
    static func blend(_ faces: [DetectedFace], threshold: Double) -> [DetectedFace] {
        var remaining = faces.sorted { $0.score > $1.score }
        var result: [DetectedFace] = []
        while let best = remaining.first {
            let cluster = remaining.filter { $0.box.intersectionOverUnion(best.box) > threshold }
            remaining.removeAll { $0.box.intersectionOverUnion(best.box) > threshold }
            let total = cluster.reduce(0) { $0 + $1.score }
            func mean(_ value: (DetectedFace) -> Double) -> Double { cluster.reduce(0) { $0 + value($1) * $1.score } / total }
            let box = Rect(x: mean { $0.box.x }, y: mean { $0.box.y }, width: mean { $0.box.width }, height: mean { $0.box.height })
            let keypoints = (0..<best.keypoints.count).map { k in
                Point(x: mean { $0.keypoints[k].x }, y: mean { $0.keypoints[k].y })
            }
            result.append(DetectedFace(box: box, score: best.score, keypoints: keypoints))
        }
        return result
    }
}
