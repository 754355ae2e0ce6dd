/// The SSD anchors of MediaPipe's BlazeFace models. Fixed anchor size: every anchor is a unit
/// square, so only centres matter. Short range (128 × 128): a 16 × 16 grid with 2 anchors per
/// cell (stride 8) then an 8 × 8 grid with 6 per cell (three stride-16 layers merged), 896 in
/// all. Full range (192 × 192): one 48 × 48 grid (stride 4), one anchor per cell, 2304 in all.
struct BlazeFaceAnchors: Sendable {
    let inputSize: Int
    /// Anchor centres in 0...1 of the input, in the order of the net's outputs.
    let centres: [Point]

    init(inputSize: Int, layers: [(stride: Int, perCell: Int)]) {
        self.inputSize = inputSize
        var anchors: [Point] = []
        for (stride, perCell) in layers {
            let grid = inputSize / stride
            for y in 0..<grid {
                for x in 0..<grid {
                    let centre = Point(x: (Double(x) + 0.5) / Double(grid), y: (Double(y) + 0.5) / Double(grid))
                    anchors.append(contentsOf: repeatElement(centre, count: perCell))
                }
            }
        }
        centres = anchors
    }

    static let shortRange = BlazeFaceAnchors(inputSize: 128, layers: [(8, 2), (16, 6)])
    static let fullRange = BlazeFaceAnchors(inputSize: 192, layers: [(4, 1)])
}
