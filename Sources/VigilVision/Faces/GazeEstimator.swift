import Foundation
import VigilCore

/// Where the eyes look, from MediaPipe's iris model: the iris centre within each eye, measured
/// along the line between the eye's corners (x) and across it (y), in half eye-widths. 0 is
/// straight ahead; the candidate reading the screen stays within about ±0.3.
final class GazeEstimator {
    static let inputSize = 64
    private let network: Network

    /// RGB, x / 255, NHWC as the TFLite graph takes it.
    static let input = NetworkInput(layout: "NHWC", rgb: true, mean: 0, scale: 255)

    init(engine: InferenceEngine, modelPath: String) throws(VisionError) {
        network = try Network(engine: engine, path: modelPath, name: "Iris", input: Self.input)
    }

    /// The mean offset of both eyes, or nil when the eyes are too small to measure.
    func gaze(_ landmarks: FaceLandmarks, in image: Image) throws(VisionError) -> Gaze? {
        // Person's right eye (image left): corners 33 (outer), 133 (inner). Left eye: 362, 263.
        // The model is trained on one side; the other eye's crop is mirrored.
        let eyes = [(landmarks[33], landmarks[133], false), (landmarks[263], landmarks[362], true)]
        var offsets: [Gaze] = []
        for (outer, inner, mirrored) in eyes {
            guard let offset = try measure(outer: outer, inner: inner, mirrored: mirrored, in: image) else { continue }
            offsets.append(offset)
        }
        guard !offsets.isEmpty else { return nil }
        let n = Double(offsets.count)
        return Gaze(x: offsets.reduce(0) { $0 + $1.x } / n, y: offsets.reduce(0) { $0 + $1.y } / n)
    }

    private func measure(outer: Point, inner: Point, mirrored: Bool, in image: Image) throws(VisionError) -> Gaze? {
        let width = outer.distance(to: inner)
        guard width >= 6 else { return nil }
        // Image-left corner to image-right corner defines +x.
        let (a, b) = outer.x <= inner.x ? (outer, inner) : (inner, outer)
        let centre = Point(x: (a.x + b.x) / 2, y: (a.y + b.y) / 2)
        let angle = atan2(b.y - a.y, b.x - a.x)
        let toCrop = AffineTransform.crop(center: centre, side: width * 2.3, angle: angle, size: Self.inputSize, mirrored: mirrored)
        let input = try image.warped(toCrop, width: Self.inputSize, height: Self.inputSize)
        let outputs = try network.forward(input)
        guard let iris = outputs.first(where: { $0.count == 15 }) else {
            throw .inferenceFailed(model: network.name, reason: "unexpected outputs \(outputs.map(\.count))")
        }
        let irisCentre = toCrop.inverted.apply(Point(x: Double(iris[0]), y: Double(iris[1])))
        let half = width / 2
        let ux = (b.x - a.x) / width, uy = (b.y - a.y) / width
        let dx = irisCentre.x - centre.x, dy = irisCentre.y - centre.y
        return Gaze(x: (dx * ux + dy * uy) / half, y: (-dx * uy + dy * ux) / half)
    }
}
