internal import CGStreamer

/// "no-more-pads" (decodebin), on a streaming thread: every stream has been offered.
let noMorePadsTrampoline: @convention(c) (UnsafeMutablePointer<GstElement>?, gpointer?) -> Void = { _, data in
    guard let data else { return }
    CallbackBox<@Sendable () -> Void>.handler(from: data)()
}
