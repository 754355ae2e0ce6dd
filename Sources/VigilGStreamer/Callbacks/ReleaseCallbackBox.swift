internal import CGStreamer

/// GDestroyNotify (appsink callbacks, pad probes, bus sync handler, promises): drops the
/// reference GStreamer held on a `CallbackBox` of any handler type (or a `PromiseWaiter`).
let releaseCallbackBox: @convention(c) (gpointer?) -> Void = { data in
    guard let data else { return }
    Unmanaged<AnyObject>.fromOpaque(data).release()
}
