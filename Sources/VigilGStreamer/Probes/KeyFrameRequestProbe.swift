internal import CGStreamer

extension PadRef {
    /// Calls `handler` for every key-frame request (an upstream GstForceKeyUnit, which webrtcbin
    /// sends when the receiving peer asks with a PLI or FIR) reaching this source pad, and stops
    /// the event there. The handler runs on webrtcbin's thread: it must return at once.
    package func onKeyFrameRequest(_ handler: @escaping @Sendable () -> Void) {
        _ = gst_pad_add_probe(pointer, GST_PAD_PROBE_TYPE_EVENT_UPSTREAM, keyFrameRequestTrampoline,
                              CallbackBox<@Sendable () -> Void>(handler).retainedPointer(), releaseCallbackBox)
    }
}
