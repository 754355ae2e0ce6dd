internal import CGStreamer

/// rtpbin "new-jitterbuffer", on the streaming thread that found a new SSRC: hands the
/// jitterbuffer (borrowed for the call) and the SSRC it will buffer.
let newJitterBufferTrampoline: @convention(c) (UnsafeMutablePointer<GstElement>?, UnsafeMutablePointer<GstElement>?, guint, guint, gpointer?) -> Void = { _, jitterBuffer, _, ssrc, data in
    guard let jitterBuffer, let data else { return }
    CallbackBox<@Sendable (ElementRef, UInt32) -> Void>.handler(from: data)(ElementRef(jitterBuffer), UInt32(ssrc))
}
