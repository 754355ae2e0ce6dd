import VigilCore
import VigilGStreamer

/// Builds the receive branch for what a participant sends, when webrtcbin exposes its decrypted
/// RTP pad (a streaming thread): for the candidate's video, decode once, hand BGR frames to the
/// analysis and re-encode with the overlay for the receivers (`candidate-video-in.pipeline`); the
/// interviewer's video and everyone's audio are only depayloaded (`passthrough-video-in`,
/// `audio-in`). Each branch ends in a relay appsink registered with the router.
///
/// Immutable after creation, so Sendable; it only yields events and calls the router, never blocks.
final class ReceiveBranchBuilder: Sendable {
    struct Branches: Sendable {
        let candidateVideo: FilledDescription
        let passthroughVideo: FilledDescription
        let audio: FilledDescription
    }

    let participant: String
    let role: ParticipantRole
    let pipeline: Pipeline
    let branches: Branches
    let router: StreamRouter
    let analysis: AnalysisTap
    /// Where the decoded audio of the candidate's and interviewer's microphones is measured.
    let voice: VoiceTap
    let stages: RelayStages
    /// The boxes drawn into the candidate's re-encoded video.
    let marks: OverlayMarks
    let events: AsyncStream<PeerEvent>.Continuation

    init(participant: String, role: ParticipantRole, pipeline: Pipeline, branches: Branches, router: StreamRouter,
         analysis: AnalysisTap, voice: VoiceTap, stages: RelayStages, marks: OverlayMarks, events: AsyncStream<PeerEvent>.Continuation) {
        self.participant = participant
        self.role = role
        self.pipeline = pipeline
        self.branches = branches
        self.router = router
        self.analysis = analysis
        self.voice = voice
        self.stages = stages
        self.marks = marks
        self.events = events
    }

    /// Streaming thread: builds, wires and starts the branch for `pad`.
    func addReceiveBranch(for pad: PadRef) {
        guard let caps = pad.caps else { return }
        guard let kind = caps.string("media").flatMap(RelayStream.Kind.init(rawValue:)),
              let stream = RelayStream.sent(by: role, kind: kind) else {
            fail("unexpected media pad from a \(role.rawValue)")
            return
        }
        let description = stream == .candidateVideo ? branches.candidateVideo : (kind == .video ? branches.passthroughVideo : branches.audio)
        let bin: ElementRef
        do {
            bin = try BranchDescription.parse(description.text, ghostingUnlinkedPads: false)
        } catch {
            fail(MediaError.pipelineInvalid(file: description.file, reason: error.description).description)
            return
        }
        let sinkName = kind == .video ? "relay_video_sink" : "relay_audio_sink"
        guard let entry = bin.child(named: "entry"), let relaySink = bin.child(named: sinkName) else {
            bin.release()
            fail(MediaError.elementMissing(file: description.file, name: "entry / relay_\(kind.rawValue)_sink").description)
            return
        }
        defer { entry.release(); relaySink.release() }
        BranchDescription.ghostSinkPad(of: entry, in: bin)
        RelaySinkForwarding.install(on: AppSink(relaySink), router: router, stream: stream, stages: stream == .candidateVideo ? stages : nil)
        if stream == .candidateVideo {
            guard let analysisSink = bin.child(named: "analysis_sink") else {
                bin.release()
                fail(MediaError.elementMissing(file: description.file, name: "analysis_sink").description)
                return
            }
            analysis.install(on: AppSink(analysisSink))
            stages.instrument(bin)
            marks.install(on: bin)
            analysisSink.release()
            if let recordSink = bin.child(named: "record_video_sink") {
                let recorder = router.recorder
                AppSink(recordSink).onNewSample { sample in recorder.video(sample) }
                recorder.setVideoSource(recordSink, participant: participant)
                recordSink.release()
            }
        }
        if kind == .audio, let source = VoiceSource(rawValue: role.rawValue) {
            guard let voiceSink = bin.child(named: "voice_sink") else {
                bin.release()
                fail(MediaError.elementMissing(file: description.file, name: "voice_sink").description)
                return
            }
            voice.install(on: AppSink(voiceSink), source: source)
            voiceSink.release()
        }
        router.setSource(stream, sink: relaySink, participant: participant)
        do {
            try pipeline.attach(bin, from: pad)
        } catch {
            fail("could not link the \(kind.rawValue) from webrtcbin (\(error.code))")
            return
        }
        events.yield(.mediaArrived(participant: participant, stream: stream))
    }

    private func fail(_ message: String) {
        events.yield(.failure(participant: participant, message: message))
    }
}
