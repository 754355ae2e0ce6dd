import CGStreamer

/// Counts the pixels of an I420 frame that carry the server's green box colour (MarkPainter's
/// BT.601 (145, 54, 34)), with a tolerance for what VP8 does to thin lines. A real photo has
/// no such saturated green, so a count well above zero means the live face detector drew a box.
enum FaceBoxPixels {
    static let green: (y: Int, u: Int, v: Int) = (145, 54, 34)

    static func count(buffer: UnsafeMutablePointer<GstBuffer>, caps: UnsafeMutablePointer<GstCaps>) -> Int? {
        var info = GstVideoInfo()
        guard gst_video_info_from_caps(&info, caps) != 0, vigil_video_info_format(&info) == GST_VIDEO_FORMAT_I420 else { return nil }
        var map = GstMapInfo()
        guard gst_buffer_map(buffer, &map, vigil_map_read()) != 0, let bytes = map.data else { return nil }
        defer { gst_buffer_unmap(buffer, &map) }
        let width = Int(info.width), height = Int(info.height)
        let strides = (Int(info.stride.0), Int(info.stride.1), Int(info.stride.2))
        let offsets = (Int(info.offset.0), Int(info.offset.1), Int(info.offset.2))
        guard offsets.2 + strides.2 * ((height + 1) / 2) <= map.size else { return nil }
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
