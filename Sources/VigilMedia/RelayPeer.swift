import CGStreamer
import Dispatch
import Foundation
import VigilCore

/// One participant's pipeline: its own webrtcbin (libnice ICE, DTLS-SRTP), the appsrcs that feed
/// it what the others send, and, once media arrives, the receive branches that end in appsinks.
/// Separate pipelines per participant mean no webrtcbin is ever linked to another: no graph
/// loops, and a participant that fails or leaves cannot stall the others (see webrtc.md, pitfall 7).
///
/// Owned by `RelaySession` and used only from it; the callbacks use `PeerContext`.
final class RelayPeer {
    let participant: String
    let role: ParticipantRole
    let joinedAt = ContinuousClock.now
    var connectionState = "new"
    var firstConnectedAfter: Duration?
    let pipeline: ElementRef
    let webrtc: ElementRef
    let sendVideo: ElementRef
    let sendAudio: ElementRef
    private let context: PeerContext
    private var stopped = false

    static let videoRTPCaps = "application/x-rtp,media=video,encoding-name=VP8,payload=96,clock-rate=90000,extmap-3=(string)http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"
    static let audioRTPCaps = "application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000,encoding-params=(string)2,extmap-3=(string)http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"

    /// Builds the pipeline from `participant.pipeline` and the receive branches' descriptions;
    /// nothing runs until `start`.
    init(participant: String, role: ParticipantRole, pipelines: RelayPipelines, configuration: RelayConfiguration,
         router: StreamRouter, analysis: AnalysisTap, stages: RelayStages, marks: OverlayMarks, events: AsyncStream<PeerEvent>.Continuation,
         sendCandidate: @escaping @Sendable (Int, String) -> Void) throws(MediaError) {
        GStreamerRuntime.ensureInitialized()
        self.participant = participant
        self.role = role
        let values = [
            "jitter_latency_ms": String(configuration.jitterLatencyMilliseconds),
            "video_rtp_caps": Self.videoRTPCaps,
            "audio_rtp_caps": Self.audioRTPCaps,
            "analysis_width": String(configuration.analysisWidth),
            "analysis_height": String(configuration.analysisHeight),
            "video_bitrate": String(configuration.videoBitrate),
        ]
        let description = try pipelines.participant.filled(values)
        var error: UnsafeMutablePointer<GError>?
        guard let pipeline = gst_parse_launch(description, &error) else {
            let reason = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            if let error { g_error_free(error) }
            throw .pipelineInvalid(file: pipelines.participant.file, reason: reason)
        }
        if let error {  // a recoverable parse warning (e.g. a property typo) still names the file
            let reason = String(cString: error.pointee.message)
            g_error_free(error)
            gst_object_unref(pipeline)
            throw .pipelineInvalid(file: pipelines.participant.file, reason: reason)
        }
        func element(_ name: String) throws(MediaError) -> ElementRef {
            guard let found = vigil_bin_get(pipeline, name) else {
                gst_object_unref(pipeline)
                throw .elementMissing(file: pipelines.participant.file, name: name)
            }
            return ElementRef(found)
        }
        self.pipeline = ElementRef(pipeline)
        webrtc = try element("webrtc")
        sendVideo = try element("send_video")
        sendAudio = try element("send_audio")
        context = PeerContext(
            participant: participant, role: role, pipeline: self.pipeline, router: router, analysis: analysis, stages: stages, marks: marks,
            events: events, sendCandidate: sendCandidate,
            candidateVideoIn: (pipelines.candidateVideoIn.file, try pipelines.candidateVideoIn.filled(values)),
            passthroughVideoIn: (pipelines.passthroughVideoIn.file, try pipelines.passthroughVideoIn.filled(values)),
            audioIn: (pipelines.audioIn.file, try pipelines.audioIn.filled(values)),
            publicAddress: configuration.publicAddress)
        GStreamerRuntime.livePipelineCount.add(1, ordering: .relaxed)
        configureTransceivers()
        configureNetwork(configuration)
        connectCallbacks()
    }

    /// Video then audio, as requested in the description: proctors only receive, so the server
    /// only sends to them; the others send and receive. Codec preferences carry the
    /// transport-wide-cc extension, without which Chrome halves the resolution (pitfall 1).
    private func configureTransceivers() {
        let direction: GstWebRTCRTPTransceiverDirection = role == .proctor
            ? GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_SENDONLY : GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_SENDRECV
        for (index, capsText) in [Self.videoRTPCaps, Self.audioRTPCaps].enumerated() {
            guard let transceiver = vigil_webrtc_get_transceiver(webrtc.pointer, Int32(index)) else { continue }
            vigil_object_set_int(UnsafeMutableRawPointer(transceiver), "direction", Int32(direction.rawValue))
            if let caps = gst_caps_from_string(capsText) {
                vigil_object_set_pointer(UnsafeMutableRawPointer(transceiver), "codec-preferences", caps)
                vigil_caps_unref(caps)
            }
            if index == 0 { vigil_object_set_bool(UnsafeMutableRawPointer(transceiver), "do-nack", 1) }
            vigil_object_unref(UnsafeMutableRawPointer(transceiver))
        }
    }

    private func configureNetwork(_ configuration: RelayConfiguration) {
        if let stun = configuration.stunServer { vigil_object_set_string(webrtc.pointer, "stun-server", stun) }
        for turn in configuration.turnServers { _ = vigil_webrtc_add_turn_server(webrtc.pointer, turn) }
        if let range = configuration.portRange, let agent = vigil_object_get_pointer(webrtc.pointer, "ice-agent") {
            vigil_object_set_uint(agent, "min-rtp-port", guint(range.lowerBound))
            vigil_object_set_uint(agent, "max-rtp-port", guint(range.upperBound))
            vigil_object_unref(agent)
        }
    }

    private func connectCallbacks() {
        func retained() -> gpointer { Unmanaged.passRetained(context).toOpaque() }
        _ = vigil_signal_connect_data(webrtc.pointer, "on-ice-candidate", unsafeBitCast(webRTCOnIceCandidate, to: GCallback.self), retained(), releasePeerContextClosure)
        _ = vigil_signal_connect_data(webrtc.pointer, "pad-added", unsafeBitCast(webRTCPadAdded, to: GCallback.self), retained(), releasePeerContextClosure)
        _ = vigil_signal_connect_data(webrtc.pointer, "notify::connection-state", unsafeBitCast(webRTCConnectionStateChanged, to: GCallback.self), retained(), releasePeerContextClosure)
        let bus = gst_element_get_bus(pipeline.pointer)!
        gst_bus_set_sync_handler(bus, pipelineBusHandler, retained(), releasePeerContext)
        vigil_object_unref(bus)
    }

    /// Sets the pipeline playing; the session then creates the offer with `WebRTCNegotiation`.
    func play() throws(MediaError) {
        let result = gst_element_set_state(pipeline.pointer, GST_STATE_PLAYING)
        guard result != GST_STATE_CHANGE_FAILURE else {
            throw .stateChangeFailed("participant pipeline for the \(role.rawValue) refused to play")
        }
    }

    func addCandidate(_ candidate: String, mline: Int) throws(MediaError) {
        if candidate.isEmpty { return }  // end of candidates
        try SessionDescriptionCheck.validateCandidate(candidate, mline: mline)
        vigil_webrtc_add_ice_candidate(webrtc.pointer, guint(mline), candidate)
    }

    /// What is needed to stop the pipeline, handed out once. The router must have detached this
    /// participant before the teardown runs.
    func teardown() -> PipelineTeardown? {
        guard !stopped else { return nil }
        stopped = true
        return PipelineTeardown(pipeline: pipeline, owned: [webrtc, sendVideo, sendAudio])
    }

}

/// Stops and frees a pipeline on a utility queue: setting NULL joins the streaming threads,
/// which must not happen on a Swift concurrency thread (nor on a streaming thread).
struct PipelineTeardown: Sendable {
    let pipeline: ElementRef
    /// References taken with `vigil_bin_get`, released after the pipeline stopped.
    let owned: [ElementRef]

    static let queue = DispatchQueue(label: "vigil.relay.teardown")

    func run() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Self.queue.async {
                let bus = gst_element_get_bus(pipeline.pointer)!
                _ = gst_element_set_state(pipeline.pointer, GST_STATE_NULL)
                gst_bus_set_sync_handler(bus, nil, nil, nil)
                vigil_object_unref(bus)
                if ProcessInfo.processInfo.environment["VIGIL_DEBUG_REFS"] != nil {
                    for element in owned + [pipeline] {
                        FileHandle.standardError.write(Data("teardown ref \(element.name) \(element.pointer.pointee.object.object.ref_count)\n".utf8))
                    }
                }
                owned.forEach { $0.release() }
                pipeline.release()
                GStreamerRuntime.livePipelineCount.subtract(1, ordering: .relaxed)
                done.resume()
            }
        }
    }
}
