import VigilGStreamer

/// Paints a box's label ("phone 0.82") into a planar I420 frame: light text on a strip of the
/// box's colour, sitting on the box's top edge (inside the box when the box touches the top of
/// the frame), so the interviewer reads what was detected and how sure the detector was.
struct LabelPainter {
    /// BT.601 limited-range near-white for the text.
    static let text: (y: UInt8, u: UInt8, v: UInt8) = (235, 128, 128)

    /// The strip rectangle of a label in pixels, or nil when it would not fit in the frame.
    struct Strip: Equatable {
        var x: Int, y: Int, width: Int, height: Int
    }

    /// Glyph pixels are `scale`×`scale` pixel squares: 2 on 480-line video, 3 on 720.
    static func scale(forHeight height: Int) -> Int { max(1, height / 240) }

    static func strip(for label: String, box left: Int, top: Int, planes: I420Planes) -> Strip? {
        guard !label.isEmpty else { return nil }
        let scale = scale(forHeight: planes.height)
        let pad = scale
        let width = (label.count * (GlyphFont.width + 1) - 1) * scale + 2 * pad
        let height = GlyphFont.height * scale + 2 * pad
        guard width <= planes.width, height <= planes.height else { return nil }
        let x = min(max(left, 0), planes.width - width) & ~1
        let y = (top - height >= 0 ? top - height : max(top, 0)) & ~1
        return Strip(x: x, y: min(y, (planes.height - height) & ~1), width: width & ~1, height: height & ~1)
    }

    func draw(_ label: String, box left: Int, top: Int, colour: (y: UInt8, u: UInt8, v: UInt8), on planes: I420Planes) {
        guard let strip = Self.strip(for: label, box: left, top: top, planes: planes) else { return }
        let scale = Self.scale(forHeight: planes.height)
        fill(planes, colour, x: strip.x, y: strip.y, width: strip.width, height: strip.height)
        var penX = strip.x + scale
        let penY = strip.y + scale
        for character in label {
            if let rows = GlyphFont.rows(of: character) {
                for (row, bits) in rows.enumerated() {
                    for column in 0..<GlyphFont.width where bits & (1 << (GlyphFont.width - 1 - column)) != 0 {
                        square(planes, x: penX + column * scale, y: penY + row * scale, size: scale)
                    }
                }
            }
            penX += (GlyphFont.width + 1) * scale
        }
    }

    /// One glyph pixel: a `size` square in luma, and the chroma samples it covers set neutral.
    private func square(_ planes: I420Planes, x: Int, y: Int, size: Int) {
        for row in y..<min(y + size, planes.height) {
            let count = min(size, planes.width - x)
            guard count > 0 else { return }
            (planes.luma + row * planes.lumaStride + x).update(repeating: Self.text.y, count: count)
            (planes.u + (row / 2) * planes.uStride + x / 2).update(repeating: Self.text.u, count: max(1, count / 2))
            (planes.v + (row / 2) * planes.vStride + x / 2).update(repeating: Self.text.v, count: max(1, count / 2))
        }
    }

    /// Fills an even-aligned rectangle in all three planes.
    private func fill(_ planes: I420Planes, _ colour: (y: UInt8, u: UInt8, v: UInt8), x: Int, y: Int, width: Int, height: Int) {
        for row in y..<(y + height) {
            (planes.luma + row * planes.lumaStride + x).update(repeating: colour.y, count: width)
        }
        for row in (y / 2)..<((y + height) / 2) {
            (planes.u + row * planes.uStride + x / 2).update(repeating: colour.u, count: width / 2)
            (planes.v + row * planes.vStride + x / 2).update(repeating: colour.v, count: width / 2)
        }
    }
}
