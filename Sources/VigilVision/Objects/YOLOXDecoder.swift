import Foundation

/// Decoding of YOLOX's `1 × N × (5 + classes)` output: per stride (8, 16, 32) and grid cell,
/// centre = (t + cell) × stride, size = exp(t) × stride, score = objectness × best class score,
/// then NMS per class at IoU 0.45.
struct YOLOXDecoder: Sendable {
    let inputSize: Int
    let labels: [String]
    let strides = [8, 16, 32]
    let nmsThreshold = 0.45

    func decode(_ output: [Float], minimumScore: Double, wanted: Set<String>?, toFrame: AffineTransform) -> [DetectedObject] {
        let columns = 5 + labels.count
        var candidates: [DetectedObject] = []
        var row = 0
        for stride in strides {
            let grid = inputSize / stride
            for gy in 0..<grid {
                for gx in 0..<grid {
                    defer { row += 1 }
                    let base = row * columns
                    guard base + columns <= output.count else { continue }
                    let objectness = Double(output[base + 4])
                    guard objectness >= minimumScore else { continue }
                    var best = 0
                    var bestScore: Float = -1
                    for c in 0..<labels.count where output[base + 5 + c] > bestScore {
                        bestScore = output[base + 5 + c]
                        best = c
                    }
                    let score = objectness * Double(bestScore)
                    guard score >= minimumScore, wanted?.contains(labels[best]) ?? true else { continue }
                    let cx = (Double(output[base]) + Double(gx)) * Double(stride)
                    let cy = (Double(output[base + 1]) + Double(gy)) * Double(stride)
                    let w = exp(Double(output[base + 2])) * Double(stride)
                    let h = exp(Double(output[base + 3])) * Double(stride)
                    let topLeft = toFrame.apply(Point(x: cx - w / 2, y: cy - h / 2))
                    let bottomRight = toFrame.apply(Point(x: cx + w / 2, y: cy + h / 2))
                    candidates.append(DetectedObject(
                        label: labels[best], classIndex: best, score: score,
                        box: Rect(x: topLeft.x, y: topLeft.y, width: bottomRight.x - topLeft.x, height: bottomRight.y - topLeft.y)))
                }
            }
        }
        var kept: [DetectedObject] = []
        for classIndex in Set(candidates.map(\.classIndex)) {
            let ofClass = candidates.filter { $0.classIndex == classIndex }
            kept += nonMaximumSuppression(ofClass.map(\.box), scores: ofClass.map(\.score), threshold: nmsThreshold).map { ofClass[$0] }
        }
        return kept.sorted { $0.score > $1.score }
    }
}

