internal import CGStreamer

/// "pad-added" (webrtcbin, decodebin), on a streaming thread: hands the new pad, borrowed for the
/// call, to the Swift handler.
let padAddedTrampoline: @convention(c) (UnsafeMutablePointer<GstElement>?, UnsafeMutablePointer<GstPad>?, gpointer?) -> Void = { _, pad, data in
    guard let pad, let data else { return }
    CallbackBox<@Sendable (PadRef) -> Void>.handler(from: data)(PadRef(pad))
}
