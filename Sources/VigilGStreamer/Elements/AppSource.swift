internal import CGStreamer

/// An appsrc: where Swift pushes media into a pipeline (the relay's `send_video`, `send_audio`).
package struct AppSource: Sendable {
    package let element: ElementRef

    package init(_ element: ElementRef) { self.element = element }

    /// Pushes a sample without blocking (the relay's appsrcs are leaky); false when the appsrc
    /// refused it (flushing, stopped).
    package func push(_ sample: SampleRef) -> Bool {
        gst_app_src_push_sample(vigil_as_app_src(element.pointer), sample.pointer) == GST_FLOW_OK
    }
}
