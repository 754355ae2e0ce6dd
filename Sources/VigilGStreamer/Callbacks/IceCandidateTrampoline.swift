internal import CGStreamer

/// webrtcbin "on-ice-candidate", on webrtcbin's thread: the m-line index and candidate line.
let iceCandidateTrampoline: @convention(c) (UnsafeMutablePointer<GstElement>?, guint, UnsafeMutablePointer<gchar>?, gpointer?) -> Void = { _, mline, candidate, data in
    guard let candidate, let data else { return }
    CallbackBox<@Sendable (Int, String) -> Void>.handler(from: data)(Int(mline), String(cString: candidate))
}
