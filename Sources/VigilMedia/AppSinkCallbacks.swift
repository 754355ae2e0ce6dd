import CGStreamer

// Appsink callbacks. They run on GStreamer streaming threads: they copy or forward the sample and
// return at once, never waiting on Swift concurrency. State arrives through `Unmanaged` user data
// owned by the appsink (released by `releaseSinkContext` when the appsink is finalized).

/// A relay appsink (`relay_video_sink`, `relay_audio_sink`): forward the encoded sample.
let relaySinkNewSample: @convention(c) (UnsafeMutablePointer<GstAppSink>?, UnsafeMutableRawPointer?) -> GstFlowReturn = { sink, data in
    guard let sink, let data, let sample = gst_app_sink_pull_sample(sink) else { return GST_FLOW_OK }
    let context = Unmanaged<RelaySinkContext>.fromOpaque(data).takeUnretainedValue()
    if let stages = context.stages {
        let started = RelayStages.now()
        context.router.forward(SampleRef(pointer: sample), from: context.stream)
        stages.recordForward(nanoseconds: RelayStages.now() - started)
    } else {
        context.router.forward(SampleRef(pointer: sample), from: context.stream)
    }
    vigil_sample_unref(sample)
    return GST_FLOW_OK
}

/// The analysis appsink: copy the BGR frame into Swift memory and hand it to the tap.
let analysisSinkNewSample: @convention(c) (UnsafeMutablePointer<GstAppSink>?, UnsafeMutableRawPointer?) -> GstFlowReturn = { sink, data in
    guard let sink, let data, let sample = gst_app_sink_pull_sample(sink) else { return GST_FLOW_OK }
    defer { vigil_sample_unref(sample) }
    let tap = Unmanaged<AnalysisTap>.fromOpaque(data).takeUnretainedValue()
    guard let buffer = gst_sample_get_buffer(sample), let caps = gst_sample_get_caps(sample) else { return GST_FLOW_OK }
    var info = GstVideoInfo()
    guard gst_video_info_from_caps(&info, caps) != 0 else { return GST_FLOW_OK }
    var map = GstMapInfo()
    guard gst_buffer_map(buffer, &map, vigil_map_read()) != 0 else { return GST_FLOW_OK }
    defer { gst_buffer_unmap(buffer, &map) }
    let width = Int(info.width), height = Int(info.height), stride = Int(info.stride.0)
    guard width > 0, height > 0, stride >= width * 3, map.size >= stride * height, let bytes = map.data else { return GST_FLOW_OK }
    let pixels = [UInt8](UnsafeBufferPointer(start: bytes, count: stride * height))
    let pts = vigil_buffer_pts(buffer)
    let time = pts == vigil_clock_time_none() ? 0 : Double(pts) / 1e9
    tap.deliver(VideoFrame(width: width, height: height, bytesPerRow: stride, pixels: pixels, time: time))
    return GST_FLOW_OK
}

/// GDestroyNotify for both kinds of appsink user data.
let releaseSinkContext: @convention(c) (UnsafeMutableRawPointer?) -> Void = { data in
    guard let data else { return }
    Unmanaged<AnyObject>.fromOpaque(data).release()
}

/// User data of a relay appsink.
final class RelaySinkContext: Sendable {
    let router: StreamRouter
    let stream: RelayStream
    /// Set for the candidate's video: the forward time is measured.
    let stages: RelayStages?

    init(router: StreamRouter, stream: RelayStream, stages: RelayStages?) {
        self.router = router
        self.stream = stream
        self.stages = stages
    }
}

/// Installs `newSample` on an appsink with `context` as user data (retained until the appsink dies).
func installSampleCallback(on sink: UnsafeMutablePointer<GstElement>, context: AnyObject,
                           newSample: @convention(c) (UnsafeMutablePointer<GstAppSink>?, UnsafeMutableRawPointer?) -> GstFlowReturn) {
    var callbacks = GstAppSinkCallbacks()
    callbacks.new_sample = newSample
    gst_app_sink_set_callbacks(vigil_as_app_sink(sink), &callbacks, Unmanaged.passRetained(context).toOpaque(), releaseSinkContext)
}
