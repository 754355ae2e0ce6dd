internal import CGStreamer

/// Element signals delivered to Swift closures. Each handler is kept alive by the signal (through
/// a `CallbackBox`) until the element is finalized, and runs on GStreamer's thread: it must return
/// at once and hop into Swift concurrency (an AsyncStream, an actor Task) for anything slower.
extension ElementRef {
    /// "pad-added": a new pad (decodebin's decoded streams, webrtcbin's received media).
    package func onPadAdded(_ handler: @escaping @Sendable (PadRef) -> Void) {
        connect("pad-added", padAddedTrampoline, CallbackBox<@Sendable (PadRef) -> Void>(handler))
    }

    /// "no-more-pads": decodebin has offered every stream.
    package func onNoMorePads(_ handler: @escaping @Sendable () -> Void) {
        connect("no-more-pads", noMorePadsTrampoline, CallbackBox<@Sendable () -> Void>(handler))
    }

    func connect<Function>(_ signal: String, _ trampoline: Function, _ box: AnyObject) {
        _ = g_signal_connect_data(pointer, signal, unsafeBitCast(trampoline, to: GCallback.self),
                                  Unmanaged.passRetained(box).toOpaque(), releaseCallbackBoxClosure, GConnectFlags(rawValue: 0))
    }
}
