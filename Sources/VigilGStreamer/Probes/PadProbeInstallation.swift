internal import CGStreamer

/// Pad probes as Swift closures.
extension PadRef {
    /// Calls `handler` on the streaming thread for every buffer passing this pad; the data always
    /// passes on. The handler must return at once (count, copy, draw), never wait.
    package func addProbe(_ kind: PadProbeKind, _ handler: @escaping @Sendable (PadProbeInfo) -> Void) {
        _ = gst_pad_add_probe(pointer, kind.gstType, padProbeTrampoline,
                              CallbackBox<@Sendable (PadProbeInfo) -> Void>(handler).retainedPointer(), releaseCallbackBox)
    }
}
