internal import CGStreamer

/// webrtcbin "notify::connection-state", on webrtcbin's thread: reads the new state and hands it
/// on typed. Values GStreamer 1.22 does not define are not reported.
let connectionStateTrampoline: @convention(c) (UnsafeMutablePointer<GObject>?, UnsafeMutablePointer<GParamSpec>?, gpointer?) -> Void = { object, _, data in
    guard let object, let data,
          let state = PeerConnectionState(gstValue: vigil_object_get_int(object, "connection-state")) else { return }
    CallbackBox<@Sendable (PeerConnectionState) -> Void>.handler(from: data)(state)
}
