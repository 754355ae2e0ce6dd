/// The 896 SSD anchors of MediaPipe's short-range BlazeFace (128 × 128 input): a 16 × 16 grid
/// with 2 anchors per cell (stride 8) then an 8 × 8 grid with 6 per cell (three stride-16
/// layers merged). Fixed anchor size: every anchor is a unit square, so only centres matter.
enum BlazeFaceAnchors {
    static let inputSize = 128

    /// Anchor centres in 0...1 of the input, in the order of the net's 896 outputs.
    static let centres: [Point] = {
        var anchors: [Point] = []
        for (stride, perCell) in [(8, 2), (16, 6)] {
            let grid = inputSize / stride
            for y in 0..<grid {
                for x in 0..<grid {
                    let centre = Point(x: (Double(x) + 0.5) / Double(grid), y: (Double(y) + 0.5) / Double(grid))
                    anchors.append(contentsOf: repeatElement(centre, count: perCell))
                }
            }
        }
        return anchors
    }()
}
