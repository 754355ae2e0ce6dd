import CGStreamer

/// Streaming thread of the candidate's re-encoded branch, once per frame: draws the latest
/// boxes (`OverlayMarks`) into the frame before `alert_overlay` writes the banners. Returns at
/// once when there is nothing to draw; never waits for the analyzer. The user data is the
/// session's `OverlayMarks`, retained by the probe.
let markPainterProbe: @convention(c) (UnsafeMutablePointer<GstPad>?, UnsafeMutablePointer<GstPadProbeInfo>?, gpointer?) -> GstPadProbeReturn = { pad, info, data in
    guard let pad, let info, let data else { return GST_PAD_PROBE_OK }
    let boxes = Unmanaged<OverlayMarks>.fromOpaque(data).takeUnretainedValue().current
    guard !boxes.isEmpty, let caps = gst_pad_get_current_caps(pad) else { return GST_PAD_PROBE_OK }
    var videoInfo = GstVideoInfo()
    let parsed = gst_video_info_from_caps(&videoInfo, caps)
    vigil_caps_unref(caps)
    guard parsed != 0, vigil_video_info_format(&videoInfo) == GST_VIDEO_FORMAT_I420,
          let buffer = vigil_probe_info_writable_buffer(info) else { return GST_PAD_PROBE_OK }
    var frame = GstVideoFrame()
    guard gst_video_frame_map(&frame, &videoInfo, buffer, GST_MAP_WRITE) != 0 else { return GST_PAD_PROBE_OK }
    defer { gst_video_frame_unmap(&frame) }
    guard let luma = vigil_video_frame_plane(&frame, 0), let u = vigil_video_frame_plane(&frame, 1),
          let v = vigil_video_frame_plane(&frame, 2) else { return GST_PAD_PROBE_OK }
    let planes = MarkPainter.Planes(
        luma: luma, lumaStride: Int(vigil_video_frame_stride(&frame, 0)),
        u: u, uStride: Int(vigil_video_frame_stride(&frame, 1)),
        v: v, vStride: Int(vigil_video_frame_stride(&frame, 2)),
        width: Int(videoInfo.width), height: Int(videoInfo.height))
    MarkPainter().draw(boxes, on: planes)
    return GST_PAD_PROBE_OK
}

let releaseMarkPainterProbe: @convention(c) (gpointer?) -> Void = { data in
    guard let data else { return }
    Unmanaged<OverlayMarks>.fromOpaque(data).release()
}
