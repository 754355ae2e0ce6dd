internal import CGStreamer

/// webrtcbin "notify::ice-gathering-state", on webrtcbin's thread: calls the handler once the
/// state reads COMPLETE (every local candidate has been emitted); other states are not reported.
let iceGatheringStateTrampoline: @convention(c) (UnsafeMutablePointer<GObject>?, UnsafeMutablePointer<GParamSpec>?, gpointer?) -> Void = { object, _, data in
    guard let object, let data,
          vigil_object_get_int(object, "ice-gathering-state") == Int32(GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE.rawValue) else { return }
    CallbackBox<@Sendable () -> Void>.handler(from: data)()
}
