internal import CGStreamer

/// appsink "new_sample" callback, on the streaming thread: pulls the sample, lends it to the Swift
/// handler for the call and drops it afterwards. Returns at once so the pipeline never waits.
let appSinkSampleTrampoline: @convention(c) (UnsafeMutablePointer<GstAppSink>?, UnsafeMutableRawPointer?) -> GstFlowReturn = { sink, data in
    guard let sink, let data, let sample = gst_app_sink_pull_sample(sink) else { return GST_FLOW_OK }
    defer { gst_sample_unref(sample) }
    CallbackBox<@Sendable (SampleRef) -> Void>.handler(from: data)(SampleRef(pointer: sample))
    return GST_FLOW_OK
}
