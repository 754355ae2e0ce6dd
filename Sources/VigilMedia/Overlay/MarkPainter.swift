import VigilGStreamer

/// Draws box outlines into a planar I420 frame in place: the luma plane at full resolution,
/// the chroma planes at half, so the colour is right on every codec's 4:2:0 path. Each box's
/// label goes on its top edge (`LabelPainter`).
struct MarkPainter {
    /// BT.601 limited-range colours: red for alarms, green otherwise.
    static let alarm: (y: UInt8, u: UInt8, v: UInt8) = (82, 90, 240)
    static let normal: (y: UInt8, u: UInt8, v: UInt8) = (145, 54, 34)

    /// Outline thickness in pixels (even, so chroma rows line up).
    var thickness = 4

    func draw(_ boxes: [MarkBox], on planes: I420Planes) {
        for box in boxes {
            let colour = box.alarming ? Self.alarm : Self.normal
            // Pixel rectangle, clamped into the frame and aligned to even pixels for chroma.
            let left = clamp(Int(box.x * Double(planes.width)), planes.width) & ~1
            let top = clamp(Int(box.y * Double(planes.height)), planes.height) & ~1
            let right = clamp(Int((box.x + box.width) * Double(planes.width)), planes.width) & ~1
            let bottom = clamp(Int((box.y + box.height) * Double(planes.height)), planes.height) & ~1
            guard right - left >= 2 * thickness, bottom - top >= 2 * thickness else { continue }
            fill(planes, colour, x: left, y: top, width: right - left, height: thickness)
            fill(planes, colour, x: left, y: bottom - thickness, width: right - left, height: thickness)
            fill(planes, colour, x: left, y: top, width: thickness, height: bottom - top)
            fill(planes, colour, x: right - thickness, y: top, width: thickness, height: bottom - top)
            LabelPainter().draw(box.label, box: left, top: top, colour: colour, on: planes)
        }
    }

    private func clamp(_ value: Int, _ limit: Int) -> Int { min(max(value, 0), limit) }

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
