/// A Swift closure kept alive as GStreamer user data: passed retained through `Unmanaged` when a
/// signal, probe, appsink or bus handler is installed, released by GStreamer's destroy notify
/// (`releaseCallbackBox`, `releaseCallbackBoxClosure`) when the handler goes away. The
/// trampolines in this folder unwrap it on GStreamer's threads and call the closure.
final class CallbackBox<Handler: Sendable>: Sendable {
    let handler: Handler

    init(_ handler: Handler) { self.handler = handler }

    /// A +1 reference for GStreamer to hold.
    func retainedPointer() -> UnsafeMutableRawPointer { Unmanaged.passRetained(self).toOpaque() }

    static func handler(from data: UnsafeMutableRawPointer) -> Handler {
        Unmanaged<CallbackBox<Handler>>.fromOpaque(data).takeUnretainedValue().handler
    }
}
