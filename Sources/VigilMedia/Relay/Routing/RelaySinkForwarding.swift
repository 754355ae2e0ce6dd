import VigilGStreamer

/// What a relay appsink (`relay_video_sink`, `relay_audio_sink`, the end of every receive
/// branch) does with each encoded sample, on its streaming thread: hand it to the router, which
/// pushes it into the receivers' appsrcs without blocking, and return. For the candidate's video
/// the time the forward takes is measured.
enum RelaySinkForwarding {
    static func install(on sink: AppSink, router: StreamRouter, stream: RelayStream, stages: RelayStages?) {
        if let stages {
            sink.onNewSample { sample in
                let started = RelayStages.now()
                router.forward(sample, from: stream)
                stages.recordForward(nanoseconds: RelayStages.now() - started)
            }
        } else {
            sink.onNewSample { sample in router.forward(sample, from: stream) }
        }
    }
}
