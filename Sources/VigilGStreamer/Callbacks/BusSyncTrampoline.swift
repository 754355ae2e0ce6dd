internal import CGStreamer

/// Bus sync handler, on whichever thread posted: ERROR messages go to the Swift handler; every
/// message is dropped here so the bus never queues (no main loop drains it). A sync handler that
/// returns GST_BUS_DROP owns the message and must unref it: without that every message leaked
/// with a reference to its source element, so no webrtcbin was ever finalized and its
/// `webrtc:pc` and `webrtc:ice` threads outlived the session (RelayTeardownTests).
let busSyncTrampoline: @convention(c) (UnsafeMutablePointer<GstBus>?, UnsafeMutablePointer<GstMessage>?, gpointer?) -> GstBusSyncReply = { _, message, data in
    guard let message else { return GST_BUS_DROP }
    defer { gst_message_unref(message) }
    guard let data, vigil_message_type(message) == GST_MESSAGE_ERROR else { return GST_BUS_DROP }
    CallbackBox<@Sendable (PipelineError) -> Void>.handler(from: data)(PipelineError(errorMessage: message))
    return GST_BUS_DROP
}
