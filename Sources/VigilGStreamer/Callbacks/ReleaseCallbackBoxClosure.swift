internal import CGStreamer

/// GClosureNotify (signal handlers): drops the reference the signal closure held on a
/// `CallbackBox` of any handler type.
let releaseCallbackBoxClosure: @convention(c) (gpointer?, UnsafeMutablePointer<GClosure>?) -> Void = { data, _ in
    guard let data else { return }
    Unmanaged<AnyObject>.fromOpaque(data).release()
}
