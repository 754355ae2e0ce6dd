internal import CGStreamer

/// An appsink: where media leaves a pipeline into Swift, either pushed to a handler on the
/// streaming thread (the relay) or pulled with a timeout on the caller's thread (file decoding).
package struct AppSink: Sendable {
    package let element: ElementRef

    package init(_ element: ElementRef) { self.element = element }

    private var sink: UnsafeMutablePointer<GstAppSink> { vigil_as_app_sink(element.pointer) }

    /// Calls `handler` with every new sample (borrowed for the call) on the streaming thread; it
    /// must return at once. The handler lives as long as the appsink.
    package func onNewSample(_ handler: @escaping @Sendable (SampleRef) -> Void) {
        var callbacks = GstAppSinkCallbacks()
        callbacks.new_sample = appSinkSampleTrampoline
        gst_app_sink_set_callbacks(sink, &callbacks, CallbackBox<@Sendable (SampleRef) -> Void>(handler).retainedPointer(), releaseCallbackBox)
    }

    /// The next sample (owned), waiting at most `timeoutNanoseconds`.
    package func pullSample(timeoutNanoseconds: UInt64) -> SampleRef? {
        gst_app_sink_try_pull_sample(sink, GstClockTime(timeoutNanoseconds)).map(SampleRef.init)
    }

    /// The preroll sample (owned) of a paused pipeline, waiting at most `timeoutNanoseconds`.
    package func pullPreroll(timeoutNanoseconds: UInt64) -> SampleRef? {
        gst_app_sink_try_pull_preroll(sink, GstClockTime(timeoutNanoseconds)).map(SampleRef.init)
    }

    /// Whether the end of the stream reached the sink and every sample was pulled.
    package var isAtEnd: Bool { gst_app_sink_is_eos(sink) != 0 }
}
