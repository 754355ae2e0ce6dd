import VigilCore

/// Greedy non-maximum suppression: keeps the best-scoring boxes, dropping any that overlaps a
/// kept one by more than `threshold` IoU. Returns indices into `boxes`, best first.
func nonMaximumSuppression(_ boxes: [Rect], scores: [Double], threshold: Double) -> [Int] {
    var kept: [Int] = []
    for index in scores.indices.sorted(by: { scores[$0] > scores[$1] }) {
        if kept.allSatisfy({ boxes[$0].intersectionOverUnion(boxes[index]) <= threshold }) {
            kept.append(index)
        }
    }
    return kept
}
