internal import CGStreamer

/// An upstream-event pad probe, on the thread that sent the event (webrtcbin's RTCP thread for a
/// receiver's PLI/FIR): calls the handler for each force-key-unit event and drops it, since
/// nothing upstream of the probed pad can make a key frame (an appsrc fed by another pipeline).
/// Every other event passes.
let keyFrameRequestTrampoline: @convention(c) (UnsafeMutablePointer<GstPad>?, UnsafeMutablePointer<GstPadProbeInfo>?, gpointer?) -> GstPadProbeReturn = { _, info, data in
    guard let info, let data, let event = gst_pad_probe_info_get_event(info),
          gst_video_event_is_force_key_unit(event) != 0 else { return GST_PAD_PROBE_OK }
    CallbackBox<@Sendable () -> Void>.handler(from: data)()
    return GST_PAD_PROBE_DROP
}
