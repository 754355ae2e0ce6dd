import VigilCore
import VigilGStreamer

/// Builds and owns one participant's pipeline (`participant.pipeline`): its own webrtcbin
/// (libnice ICE, DTLS-SRTP), the appsrcs that feed it what the others send, and, once media
/// arrives, the receive branches that `ReceiveBranchBuilder` adds. Separate pipelines per
/// participant mean no webrtcbin is ever linked to another: no graph loops, and a participant
/// that fails or leaves cannot stall the others (see webrtc.md, pitfall 7).
///
/// Owned by `RelaySession` and used only from it; the GStreamer callbacks use the builder and
/// the event stream, never this object.
final class ParticipantPipeline {
    let participant: String
    let role: ParticipantRole
    let joinedAt = ContinuousClock.now
    var connectionState = PeerConnectionState.new
    let pipeline: Pipeline
    let webrtc: WebRTCBin
    let sendVideo: AppSource
    let sendAudio: AppSource
    /// Proctors only: the interviewer's audio, a second audio track next to the candidate's.
    let sendInterviewerAudio: AppSource?
    /// The DTLS identity this participant's webrtcbin presents; its fingerprint goes in the offer.
    let certificate: DTLSCertificate
    /// The server's candidates wait here until the offer went out (`offerSent`).
    private let candidateGate: IceCandidateGate
    private let branches: ReceiveBranchBuilder
    private var stopped = false

    /// Builds the pipeline from `participant.pipeline` and fills the receive branches'
    /// descriptions; nothing runs until `play`.
    init(participant: String, role: ParticipantRole, pipelines: RelayPipelines, configuration: RelayConfiguration,
         router: StreamRouter, analysis: AnalysisTap, voice: VoiceTap, stages: RelayStages, marks: OverlayMarks, events: AsyncStream<PeerEvent>.Continuation,
         sendCandidate: @escaping @Sendable (Int, String) -> Void) throws(MediaError) {
        self.participant = participant
        self.role = role
        certificate = try DTLSCertificate.shared()
        let values = [
            "jitter_latency_ms": String(configuration.jitterLatencyMilliseconds),
            "video_rtp_caps": RTPCaps.vp8,
            "audio_rtp_caps": RTPCaps.opus,
            "second_audio_rtp_caps": RTPCaps.opusSecondTrack,
            "analysis_width": String(configuration.analysisWidth),
            "analysis_height": String(configuration.analysisHeight),
            "video_bitrate": String(configuration.videoBitrate),
        ]
        var description = try FilledDescription(pipelines.participant, values)
        if role == .proctor { description = description.appending(try FilledDescription(pipelines.proctorAudio, values)) }
        let receiveBranches = ReceiveBranchBuilder.Branches(
            candidateVideo: try FilledDescription(pipelines.candidateVideoIn, values),
            passthroughVideo: try FilledDescription(pipelines.passthroughVideoIn, values),
            audio: try FilledDescription(pipelines.audioIn, values))
        let pipeline: Pipeline
        do {
            pipeline = try Pipeline(launching: description.text)
        } catch {
            throw .pipelineInvalid(file: description.file, reason: error.description)
        }
        var found: [ElementRef] = []
        for name in ["webrtc", "send_video", "send_audio"] + (role == .proctor ? ["send_interviewer_audio"] : []) {
            guard let element = pipeline.element.child(named: name) else {
                found.forEach { $0.release() }
                pipeline.element.release()
                throw .elementMissing(file: description.file, name: name)
            }
            found.append(element)
        }
        self.pipeline = pipeline
        webrtc = WebRTCBin(found[0])
        sendVideo = AppSource(found[1])
        sendAudio = AppSource(found[2])
        sendInterviewerAudio = found.count > 3 ? AppSource(found[3]) : nil
        candidateGate = IceCandidateGate(send: sendCandidate)
        branches = ReceiveBranchBuilder(participant: participant, role: role, pipeline: pipeline, branches: receiveBranches,
                                        router: router, analysis: analysis, voice: voice, stages: stages, marks: marks, events: events)
        GStreamerRuntime.relayPipelineBuilt()
        webrtc.presentCertificate(pem: certificate.pem)
        configureTransceivers()
        webrtc.retransmitLostVideoPackets()
        configureNetwork(configuration)
        connectCallbacks(events: events, announcement: PublicAddressAnnouncement(publicAddress: configuration.publicAddress))
        forwardKeyFrameRequests(to: router)
    }

    /// Video then audio, as requested in the description: proctors only receive, so the server
    /// only sends to them; the others send and receive. Codec preferences are `RTPCaps`.
    private func configureTransceivers() {
        let audioTracks = role == .proctor ? [RTPCaps.opus, RTPCaps.opusSecondTrack] : [RTPCaps.opus]
        for (index, caps) in ([RTPCaps.vp8] + audioTracks).enumerated() {
            webrtc.configureTransceiver(index, sendOnly: role == .proctor, codecPreferences: caps, nack: index == 0)
        }
    }

    private func configureNetwork(_ configuration: RelayConfiguration) {
        if let stun = configuration.stunServer { webrtc.setStunServer(stun) }
        for turn in configuration.turnServers { webrtc.addTurnServer(turn) }
        if let range = configuration.portRange { webrtc.limitPorts(to: range) }
    }

    /// webrtcbin's and the bus's callbacks (GStreamer threads): candidates go to the page (through
    /// the gate, so never before the offer),
    /// states and errors to the session actor as events, new media to the branch builder.
    private func connectCallbacks(events: AsyncStream<PeerEvent>.Continuation, announcement: PublicAddressAnnouncement) {
        let participant = participant, branches = branches, gate = candidateGate
        webrtc.onIceCandidate { mline, candidate in gate.pass(mline: mline, candidate: announcement.announced(candidate)) }
        webrtc.onIceGatheringComplete { gate.endOfCandidates() }
        webrtc.onReceivedMedia { pad in branches.addReceiveBranch(for: pad) }
        webrtc.onConnectionStateChange { state in events.yield(.connectionState(participant: participant, state: state)) }
        pipeline.reportErrors { error in events.yield(.failure(participant: participant, message: error.description)) }
    }

    /// A receiver's PLI/FIR reaches this pipeline's `send_video` appsrc as an upstream
    /// force-key-unit event and would stop there: the encoder that feeds it is in the sender's
    /// pipeline. So it is handed to the router, which asks the sender (the candidate's
    /// re-encoder, or the interviewer's browser through a PLI), at most once per 300 ms per
    /// stream whoever asks.
    private func forwardKeyFrameRequests(to router: StreamRouter) {
        guard let stream = RelayStream.received(by: role).first(where: { $0.kind == .video }),
              let pad = sendVideo.element.staticPad(named: "src") else { return }
        defer { pad.release() }
        pad.onKeyFrameRequest { router.requestKeyFrame(stream) }
    }

    /// The m-lines this participant's offer has, in order (proctors get a second audio).
    var offeredMedia: [String] { role == .proctor ? ["video", "audio", "audio"] : ["video", "audio"] }

    /// The appsrc that feeds this participant `stream`.
    func source(for stream: RelayStream) -> AppSource? {
        switch stream {
        case .candidateVideo, .interviewerVideo: sendVideo
        case .candidateAudio: sendAudio
        case .interviewerAudio: role == .proctor ? sendInterviewerAudio : sendAudio
        }
    }

    /// Sets the pipeline playing; the session then creates the offer with `WebRTCNegotiation`.
    func play() throws(MediaError) {
        guard pipeline.play() != .failure else {
            throw .stateChangeFailed("participant pipeline for the \(role.rawValue) refused to play")
        }
    }

    /// The offer was handed to the page's signaling stream: the candidates may follow it.
    func offerSent() { candidateGate.open() }

    func addCandidate(_ candidate: String, mline: Int) throws(MediaError) {
        // End of candidates (the page's gathering finished): nothing to add. libnice keeps
        // checking the pairs it has and still learns peer-reflexive candidates.
        if candidate.isEmpty { return }
        try SessionDescriptionCheck.validateCandidate(candidate, mline: mline, mlines: offeredMedia.count)
        webrtc.addIceCandidate(candidate, mline: mline)
    }

    /// What is needed to stop the pipeline, handed out once. The router must have detached this
    /// participant before the teardown runs.
    func teardown() -> PipelineTeardown? {
        guard !stopped else { return nil }
        stopped = true
        return PipelineTeardown(pipeline: pipeline, owned: [webrtc.element, sendVideo.element, sendAudio.element] + [sendInterviewerAudio?.element].compactMap { $0 },
                                whenReleased: GStreamerRuntime.relayPipelineReleased)
    }
}
