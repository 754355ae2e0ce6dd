import Foundation
import VigilCore
import VigilGStreamer

/// The live call of one interview session: a pipeline per participant, bridged by the
/// `StreamRouter`, and the candidate's decoded frames for the detectors.
///
/// Public interface for the rest of Vigil:
/// - `analysisFrames`: the candidate's frames as BGR `VideoFrame`s at the configured analysis
///   size. The stream keeps only the newest frame: a slow consumer loses frames, never the call.
/// - `voiceActivity`: 100 ms voice windows of the candidate's and the interviewer's microphones
///   (decoded once on a leaky branch, see `VoiceTap`); newest kept when the consumer is slow.
/// - `events`: joins, state changes, failures, for logging and metrics.
/// - `join` / `answer` / `addCandidate` / `leave` from the signaling route, `end` when the
///   session ends.
public actor RelaySession {
    public nonisolated let id: String
    public nonisolated let analysisFrames: AsyncStream<VideoFrame>
    public nonisolated let events: AsyncStream<RelayEvent>
    public nonisolated let voiceActivity: AsyncStream<VoiceActivity>

    private let pipelines: RelayPipelines
    private let configuration: RelayConfiguration
    private let router = StreamRouter()
    private let analysis = AnalysisTap()
    private let voice = VoiceTap()
    private let stages = RelayStages()
    let marks = OverlayMarks()
    private let eventContinuation: AsyncStream<RelayEvent>.Continuation
    private let peerEvents: AsyncStream<PeerEvent>.Continuation
    private var peers: [String: ParticipantPipeline] = [:]
    private var outbound: [String: @Sendable (RelaySignal) -> Void] = [:]
    private var ended = false
    /// The recording closed by `end`, if the session was recorded.
    public private(set) var recordingResult: RecordingResult?
    /// A notice every page of these roles gets when it joins (e.g. that the recording was refused).
    private var joinNotice: (signal: RelaySignal, roles: Set<ParticipantRole>)?

    public init(id: String, pipelines: RelayPipelines, configuration: RelayConfiguration) {
        self.id = id
        self.pipelines = pipelines
        self.configuration = configuration
        analysisFrames = analysis.frames
        voiceActivity = voice.activity
        (events, eventContinuation) = AsyncStream.makeStream(of: RelayEvent.self, bufferingPolicy: .bufferingNewest(256))
        let (peerStream, peerContinuation) = AsyncStream.makeStream(of: PeerEvent.self)
        peerEvents = peerContinuation
        Task { [weak self] in
            for await event in peerStream {
                guard let self else { return }
                await self.handle(event)
            }
        }
    }

    /// Adds a participant and returns once its offer was sent through `send`. A candidate or
    /// interviewer joining again (reload, network drop) replaces the previous connection of that
    /// role, whose page is told why. A second candidate on one link while the first one's video
    /// is still arriving is refused instead: a leaked link must not take over the call.
    public func join(participant: String, role: ParticipantRole, send: @escaping @Sendable (RelaySignal) -> Void) async throws(MediaError) {
        guard !ended else { throw .sessionEnded(id) }
        if role == .candidate, analysis.isFlowing(within: 2),
           peers.values.contains(where: { $0.role == .candidate && $0.connectionState == .connected }) {
            throw .alreadyInCall(role)
        }
        if role != .proctor {
            for (other, peer) in peers where peer.role == role {
                outbound[other]?(.error(code: "replaced", message: "the \(role.rawValue) joined again from another page; this page left the call", fatal: true))
                await remove(other, reason: "replaced by a new connection")
            }
        }
        let peer = try ParticipantPipeline(participant: participant, role: role, pipelines: pipelines, configuration: configuration,
                                 router: router, analysis: analysis, voice: voice, stages: stages, marks: marks, events: peerEvents,
                                 sendCandidate: { mline, candidate in send(.candidate(mline: mline, candidate: candidate)) })
        peers[participant] = peer
        outbound[participant] = send
        eventContinuation.yield(.joined(participant: participant, role: role))
        do {
            try peer.play()
            let offer = peer.certificate.announcing(in: try await WebRTCNegotiation.createOffer(peer.webrtc))
            guard peers[participant] === peer else { return }  // left while negotiating
            send(.offer(sdp: offer))
            peer.offerSent()
            if let joinNotice, joinNotice.roles.contains(role) { send(joinNotice.signal) }
        } catch {
            await remove(participant, reason: "could not start: \(error)")
            throw error
        }
        broadcastPeers()
    }

    public func answer(participant: String, sdp: String) async throws(MediaError) {
        guard let peer = peers[participant] else { throw .unknownParticipant(participant) }
        try SessionDescriptionCheck.validateAnswer(sdp, media: peer.offeredMedia)
        try await WebRTCNegotiation.applyAnswer(peer.webrtc, sdp: sdp)
    }

    public func addCandidate(participant: String, mline: Int, candidate: String) throws(MediaError) {
        guard let peer = peers[participant] else { throw .unknownParticipant(participant) }
        try peer.addCandidate(candidate, mline: mline)
    }

    /// The participant's page closed its connection: only its pipeline goes.
    public func leave(participant: String, reason: String = "left") async {
        await remove(participant, reason: reason)
        broadcastPeers()
    }

    /// Tears every pipeline down; the session takes no more joins.
    public func end() async {
        guard !ended else { return }
        ended = true
        for participant in Array(peers.keys) {
            outbound[participant]?(.ended)
            await remove(participant, reason: "session ended")
        }
        recordingResult = await router.recorder.finish()
        analysis.finish()
        voice.finish()
        peerEvents.finish()
        eventContinuation.yield(.ended)
        eventContinuation.finish()
    }

    public func status() -> RelayStatus {
        var status = RelayStatus(session: id, participants: summaries, analysisFrames: analysis.deliveredCount,
                    forwarded: Dictionary(uniqueKeysWithValues: router.forwardedCounts.map { ($0.key.rawValue, $0.value) }),
                    pushed: router.pushedCounts, stages: stages.snapshot,
                    livePipelines: GStreamerRuntime.livePipelines, ended: ended)
        let counts = voice.counts
        status.voiceWindows = Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value.windows) })
        status.speechWindows = Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value.speech) })
        return status
    }

    /// Sends a signal to every page of the given roles (live alerts go to the interviewer and
    /// the proctors, never to the candidate).
    public func notify(_ signal: RelaySignal, roles: Set<ParticipantRole>) {
        for (participant, peer) in peers where roles.contains(peer.role) {
            outbound[participant]?(signal)
        }
    }

    /// The candidate's pipeline (it holds the `alert_overlay` of the re-encoded video), if the
    /// candidate is in the call. Used by `setOverlay`.
    var candidatePipeline: Pipeline? {
        peers.values.first { $0.role == .candidate }?.pipeline
    }

    /// Starts recording the call into `target` (see `SessionRecorder`); the file begins at the
    /// candidate's next key frame, and `end` closes it.
    public func startRecording(_ target: RecordingTarget) throws(MediaError) {
        guard !ended else { throw .sessionEnded(id) }
        try router.recorder.start(pipelines.recording, target: target)
    }

    /// Sends `signal` to the pages of `roles` in the call now and to every one that joins later.
    public func setJoinNotice(_ signal: RelaySignal, roles: Set<ParticipantRole>) {
        joinNotice = (signal, roles)
        notify(signal, roles: roles)
    }

    /// Asks the candidate's encoder for a key frame (e.g. after an overlay change).
    public func requestKeyFrame(_ stream: RelayStream) { router.requestKeyFrame(stream, force: true) }

    // MARK: internals

    private var summaries: [ParticipantSummary] {
        peers.values.sorted { $0.joinedAt < $1.joinedAt }.map { ParticipantSummary(id: $0.participant, role: $0.role, state: $0.connectionState) }
    }

    private func broadcastPeers() {
        let summaries = summaries
        for send in outbound.values { send(.peers(summaries)) }
    }

    private func remove(_ participant: String, reason: String) async {
        guard let peer = peers.removeValue(forKey: participant) else { return }
        outbound[participant] = nil
        router.detach(participant: participant)
        await peer.teardown()?.run()
        eventContinuation.yield(.left(participant: participant, role: peer.role, reason: reason))
    }

    private func handle(_ event: PeerEvent) async {
        switch event {
        case .connectionState(let participant, let state):
            guard let peer = peers[participant], peer.connectionState != state else { return }
            peer.connectionState = state
            eventContinuation.yield(.stateChanged(participant: participant, role: peer.role, state: state, sinceJoin: ContinuousClock.now - peer.joinedAt))
            if state == .connected {
                // Feed the participant only now: pushing into a webrtcbin before it is connected
                // fails the flow (pitfall 2).
                for stream in RelayStream.received(by: peer.role) {
                    guard let source = peer.source(for: stream) else { continue }
                    router.attach(stream, to: source, participant: participant)
                }
            } else if state == .failed {
                outbound[participant]?(.error(code: "connection_failed", message: "the media connection failed (ICE or DTLS); join again", fatal: true))
                await remove(participant, reason: "connection failed")
            }
            broadcastPeers()
        case .mediaArrived(let participant, let stream):
            guard let peer = peers[participant] else { return }
            eventContinuation.yield(.mediaArrived(participant: participant, role: peer.role, stream: stream, sinceJoin: ContinuousClock.now - peer.joinedAt))
            // Receivers already connected need a key frame from the new source.
            if stream.kind == .video { router.requestKeyFrame(stream, force: true) }
        case .failure(let participant, let message):
            guard let peer = peers[participant] else { return }
            eventContinuation.yield(.failure(participant: participant, role: peer.role, message: message))
            outbound[participant]?(.error(code: "media_failure", message: "the relay failed for this page: \(message); join again", fatal: true))
            await remove(participant, reason: "pipeline failure")
            broadcastPeers()
        }
    }
}
