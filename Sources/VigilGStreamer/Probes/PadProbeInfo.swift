internal import CGStreamer

/// What a pad probe sees of one buffer (or buffer list) passing, valid only during the probe.
package struct PadProbeInfo {
    package let pad: PadRef
    let pointer: UnsafeMutablePointer<GstPadProbeInfo>

    /// The presentation time (ns) of the buffer, or of a list's first buffer; nil when it has none.
    package var presentationTime: UInt64? {
        guard let payload = pointer.pointee.data else { return nil }
        var pts = vigil_clock_time_none()
        if pointer.pointee.type.rawValue & GST_PAD_PROBE_TYPE_BUFFER_LIST.rawValue != 0 {
            let list = OpaquePointer(payload)
            if gst_buffer_list_length(list) > 0, let first = gst_buffer_list_get(list, 0) { pts = vigil_buffer_pts(first) }
        } else {
            pts = vigil_buffer_pts(payload.assumingMemoryBound(to: GstBuffer.self))
        }
        return pts == vigil_clock_time_none() ? nil : UInt64(pts)
    }

    /// Reads the buffer's bytes in place (nil when the probe carries no buffer or it cannot be mapped).
    package func withBufferBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        guard let buffer = gst_pad_probe_info_get_buffer(pointer) else { return nil }
        var map = GstMapInfo()
        guard gst_buffer_map(buffer, &map, GST_MAP_READ) != 0, let bytes = map.data else { return nil }
        defer { gst_buffer_unmap(buffer, &map) }
        return body(UnsafeBufferPointer(start: bytes, count: Int(map.size)))
    }

    /// Makes the buffer writable (copied if shared, and put back into the probe so the copy is
    /// what travels on), maps it as an I420 frame described by `caps` and lets `body` draw into
    /// it. Does nothing unless the caps are I420.
    package func withWritableI420Frame(caps: Caps, _ body: (I420Planes) -> Void) {
        var videoInfo = GstVideoInfo()
        guard gst_video_info_from_caps(&videoInfo, caps.pointer) != 0, vigil_video_info_format(&videoInfo) == GST_VIDEO_FORMAT_I420,
              let buffer = vigil_probe_info_writable_buffer(pointer) else { return }
        var frame = GstVideoFrame()
        guard gst_video_frame_map(&frame, &videoInfo, buffer, GST_MAP_WRITE) != 0 else { return }
        defer { gst_video_frame_unmap(&frame) }
        guard let luma = vigil_video_frame_plane(&frame, 0), let u = vigil_video_frame_plane(&frame, 1),
              let v = vigil_video_frame_plane(&frame, 2) else { return }
        body(I420Planes(
            luma: luma, lumaStride: Int(vigil_video_frame_stride(&frame, 0)),
            u: u, uStride: Int(vigil_video_frame_stride(&frame, 1)),
            v: v, vStride: Int(vigil_video_frame_stride(&frame, 2)),
            width: Int(videoInfo.width), height: Int(videoInfo.height)))
    }
}
