import VigilGStreamer

/// One participant of the load client: its own pipeline with webrtcbin, sending the encoded
/// face-photo clip (`LoadClipPlayer`) as live VP8 plus Opus, and counting what the server relays back. The server offers and this
/// peer answers, as the pages do (signaling/js/call.js).
final class LoadPeer: Sendable {
    let pipeline: Pipeline
    let webrtc: WebRTCBin
    let counters: LoadPeerCounters
    /// The process-wide player of the encoded clip, and this peer's place among its listeners.
    private let player: LoadClipPlayer
    private let listener: Int

    /// Builds the pipeline; nothing runs until `play`.
    init(role: String, media: LoadMedia, decodeVideo: Bool, sendCandidate: @escaping @Sendable (Int, String) -> Void) throws(LoadError) {
        let description = try media.sendDescription()
        let clip = try LoadClip.shared(for: media)
        let pipeline: Pipeline
        do {
            pipeline = try Pipeline(launching: description)
        } catch {
            throw .pipelineInvalid(reason: error.description)
        }
        guard let webrtc = pipeline.element.child(named: "webrtc") else {
            pipeline.element.release()
            throw .pipelineInvalid(reason: "no element named webrtc")
        }
        guard let sendVideo = pipeline.element.child(named: "send_video") else {
            webrtc.release()
            pipeline.element.release()
            throw .pipelineInvalid(reason: "no element named send_video")
        }
        player = LoadClipPlayer.shared(for: clip)
        listener = player.add(AppSource(sendVideo))
        sendVideo.release()  // the player holds its own reference until `stop`
        self.pipeline = pipeline
        self.webrtc = WebRTCBin(webrtc)
        let counters = LoadPeerCounters(role: role)
        self.counters = counters
        let receiver = LoadReceiveBranch(pipeline: pipeline, counters: counters, decodeVideo: decodeVideo)
        self.webrtc.onIceCandidate { mline, candidate in sendCandidate(mline, candidate) }
        self.webrtc.onReceivedMedia { pad in receiver.add(from: pad) }
        self.webrtc.onConnectionStateChange { state in counters.connectionState.withLock { $0 = state } }
        pipeline.reportErrors { error in counters.note(error.description) }
    }

    func play() throws(LoadError) {
        guard pipeline.play() != .failure else {
            throw .stateChangeFailed("the \(counters.role) pipeline refused to play (\(counters.counts.problems.last ?? "no message"))")
        }
    }

    /// Applies the server's offer, creates the answer, applies it locally and returns its SDP.
    func answer(offer sdp: String) async throws(LoadError) -> String {
        let offer: SessionDescription
        do {
            offer = try SessionDescription(parsing: sdp, kind: .offer)
        } catch {
            throw .negotiationFailed(error == .unparsable ? "GStreamer could not parse the server's offer" : "GStreamer could not wrap the server's offer")
        }
        do {
            return try await webrtc.answer(offer)
        } catch {
            throw .negotiationFailed(error.description)
        }
    }

    func addCandidate(_ candidate: String, mline: Int) {
        guard !candidate.isEmpty else { return }
        webrtc.addIceCandidate(candidate, mline: mline)
    }

    var counts: LoadPeerCounts { counters.counts }

    /// Stops and frees the pipeline off Swift concurrency's threads (setting NULL joins
    /// streaming threads).
    func stop() async {
        player.remove(listener)
        await PipelineTeardown(pipeline: pipeline, owned: [webrtc.element]).run()
    }
}
