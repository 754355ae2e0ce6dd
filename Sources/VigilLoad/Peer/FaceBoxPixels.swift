import VigilGStreamer

/// Counts the pixels of an I420 frame that carry the server's green box colour (MarkPainter's
/// BT.601 (145, 54, 34)), with a tolerance for what VP8 does to thin lines. A real photo has
/// no such saturated green, so a count well above zero means the live face detector drew a box.
enum FaceBoxPixels {
    static let green: (y: Int, u: Int, v: Int) = (145, 54, 34)

    /// nil unless the frame is I420 and as long as its layout says.
    static func count(bytes: UnsafeBufferPointer<UInt8>, layout: VideoLayout) -> Int? {
        guard layout.isI420 else { return nil }
        let width = layout.width, height = layout.height
        let strides = (layout.planeStrides[0], layout.planeStrides[1], layout.planeStrides[2])
        let offsets = (layout.planeOffsets[0], layout.planeOffsets[1], layout.planeOffsets[2])
        guard offsets.2 + strides.2 * ((height + 1) / 2) <= bytes.count else { return nil }
        var found = 0
        for row in 0..<(height / 2) {
            for column in 0..<(width / 2) {
                let u = Int(bytes[offsets.1 + row * strides.1 + column]), v = Int(bytes[offsets.2 + row * strides.2 + column])
                guard abs(u - green.u) < 24, abs(v - green.v) < 24 else { continue }
                let y = Int(bytes[offsets.0 + 2 * row * strides.0 + 2 * column])
                if abs(y - green.y) < 40 { found += 4 }
            }
        }
        return found
    }
}
