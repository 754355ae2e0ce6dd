internal import CGStreamer

/// GstPromiseChangeFunc, on webrtcbin's thread when a promise is replied, interrupted or expired:
/// resumes the Swift task waiting for it (see `WebRTCPromise`).
let promiseChangeTrampoline: @convention(c) (UnsafeMutablePointer<GstPromise>?, gpointer?) -> Void = { _, data in
    guard let data else { return }
    Unmanaged<PromiseWaiter>.fromOpaque(data).takeUnretainedValue().resume()
}
