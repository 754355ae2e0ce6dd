internal import CGStreamer

/// A sample pulled from an appsink. GstSample is immutable once created and reference counted, so
/// a streaming thread may hand it on within its call; one handed to a sample handler is borrowed
/// for the call, one from a pull or `unstampedCopy` is owned and released once.
package struct SampleRef: @unchecked Sendable {
    let pointer: OpaquePointer

    package func release() { gst_sample_unref(pointer) }

    /// The caps of the sample's buffer.
    package var caps: Caps? { gst_sample_get_caps(pointer).map(Caps.init(borrowing:)) }

    /// A sample with a metadata copy of the buffer whose timestamps are cleared (owned). For
    /// handing media to another pipeline, whose running time started at another moment.
    package func unstampedCopy() -> SampleRef? {
        guard let buffer = gst_sample_get_buffer(pointer), let copy = gst_buffer_copy(buffer) else { return nil }
        vigil_buffer_clear_timestamps(copy)
        let unstamped = gst_sample_new(copy, gst_sample_get_caps(pointer), nil, nil)
        gst_buffer_unref(copy)
        return unstamped.map(SampleRef.init)
    }

    /// Copies a packed raw video frame (`bytesPerPixel` per pixel, e.g. 3 for BGR) into Swift
    /// memory; nil when the sample is not such a frame or its buffer is shorter than the caps say.
    package func packedImage(bytesPerPixel: Int) -> PackedImage? {
        guard let buffer = gst_sample_get_buffer(pointer), let caps = gst_sample_get_caps(pointer) else { return nil }
        var info = GstVideoInfo()
        guard gst_video_info_from_caps(&info, caps) != 0 else { return nil }
        var map = GstMapInfo()
        guard gst_buffer_map(buffer, &map, GST_MAP_READ) != 0 else { return nil }
        defer { gst_buffer_unmap(buffer, &map) }
        let width = Int(info.width), height = Int(info.height), stride = Int(info.stride.0)
        guard width > 0, height > 0, stride >= width * bytesPerPixel, map.size >= stride * height, let bytes = map.data else { return nil }
        let pixels = [UInt8](UnsafeBufferPointer(start: bytes, count: stride * height))
        let pts = vigil_buffer_pts(buffer)
        var presentation: Double?, stream: Double?
        if pts != vigil_clock_time_none() {
            presentation = Double(pts) / 1e9
            if let segment = gst_sample_get_segment(pointer) {
                let streamTime = gst_segment_to_stream_time(segment, GST_FORMAT_TIME, pts)
                if streamTime != vigil_clock_time_none() { stream = Double(streamTime) / 1e9 }
            }
        }
        return PackedImage(width: width, height: height, bytesPerRow: stride, pixels: pixels,
                           presentationTime: presentation, streamTime: stream)
    }
}

extension SampleRef {
    /// A copy of the buffer's bytes as they lie in memory (all planes), nil if it cannot be mapped.
    package var rawBytes: [UInt8]? {
        guard let buffer = gst_sample_get_buffer(pointer) else { return nil }
        var map = GstMapInfo()
        guard gst_buffer_map(buffer, &map, GST_MAP_READ) != 0, let bytes = map.data else { return nil }
        defer { gst_buffer_unmap(buffer, &map) }
        return [UInt8](UnsafeBufferPointer(start: bytes, count: Int(map.size)))
    }
}
