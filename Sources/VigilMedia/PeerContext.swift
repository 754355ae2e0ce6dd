import CGStreamer
import VigilCore

/// What happens to a participant's pipeline, reported from GStreamer threads to the session actor.
enum PeerEvent: Sendable {
    case connectionState(participant: String, state: String)
    case mediaArrived(participant: String, stream: RelayStream)
    case failure(participant: String, message: String)
}

/// The state shared by one participant's GStreamer callbacks. Immutable after creation, so it is
/// Sendable; callbacks reach it through `Unmanaged` user data and only yield events, call the
/// router and send ICE candidates, all without blocking.
final class PeerContext: Sendable {
    let participant: String
    let role: ParticipantRole
    let pipeline: ElementRef
    let router: StreamRouter
    let analysis: AnalysisTap
    let stages: RelayStages
    /// The boxes drawn into the candidate's re-encoded video.
    let marks: OverlayMarks
    let events: AsyncStream<PeerEvent>.Continuation
    /// Sends a local ICE candidate (m-line index, candidate line) to the participant's page.
    let sendCandidate: @Sendable (Int, String) -> Void
    /// Filled receive-branch descriptions: (file name, description).
    let candidateVideoIn: (String, String)
    let passthroughVideoIn: (String, String)
    let audioIn: (String, String)
    let publicAddress: String?

    init(participant: String, role: ParticipantRole, pipeline: ElementRef, router: StreamRouter, analysis: AnalysisTap, stages: RelayStages, marks: OverlayMarks,
         events: AsyncStream<PeerEvent>.Continuation, sendCandidate: @escaping @Sendable (Int, String) -> Void,
         candidateVideoIn: (String, String), passthroughVideoIn: (String, String), audioIn: (String, String), publicAddress: String?) {
        self.participant = participant
        self.role = role
        self.pipeline = pipeline
        self.router = router
        self.analysis = analysis
        self.stages = stages
        self.marks = marks
        self.events = events
        self.sendCandidate = sendCandidate
        self.candidateVideoIn = candidateVideoIn
        self.passthroughVideoIn = passthroughVideoIn
        self.audioIn = audioIn
        self.publicAddress = publicAddress
    }

    /// Streaming thread: webrtcbin exposed a decrypted RTP pad for what this participant sends.
    /// Builds the receive branch for it (decode + analysis + re-encode for the candidate's video,
    /// depayload only otherwise) and registers its relay appsink with the router.
    func addReceiveBranch(for pad: UnsafeMutablePointer<GstPad>) {
        guard let caps = gst_pad_get_current_caps(pad) ?? gst_pad_query_caps(pad, nil) else { return }
        defer { vigil_caps_unref(caps) }
        guard let structure = vigil_caps_structure(caps, 0), let mediaText = gst_structure_get_string(structure, "media"),
              let kind = RelayStream.Kind(rawValue: String(cString: mediaText)),
              let stream = RelayStream.sent(by: role, kind: kind) else {
            events.yield(.failure(participant: participant, message: "unexpected media pad from a \(role.rawValue)"))
            return
        }
        let (file, description) = stream == .candidateVideo ? candidateVideoIn : (kind == .video ? passthroughVideoIn : audioIn)
        var error: UnsafeMutablePointer<GError>?
        guard let bin = gst_parse_bin_from_description(description, 0, &error) else {
            let reason = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            if let error { g_error_free(error) }
            events.yield(.failure(participant: participant, message: MediaError.pipelineInvalid(file: file, reason: reason).description))
            return
        }
        let binElement = UnsafeMutableRawPointer(bin).assumingMemoryBound(to: GstElement.self)
        guard let entry = vigil_bin_get(binElement, "entry"),
              let relaySink = vigil_bin_get(binElement, kind == .video ? "relay_video_sink" : "relay_audio_sink") else {
            gst_object_unref(bin)
            events.yield(.failure(participant: participant, message: MediaError.elementMissing(file: file, name: "entry / relay_\(kind.rawValue)_sink").description))
            return
        }
        defer { vigil_object_unref(entry); vigil_object_unref(relaySink) }
        // Ghost the entry queue's sink explicitly: ghosting "unlinked pads" would also pick
        // textoverlay's text_sink.
        let entryPad = gst_element_get_static_pad(entry, "sink")!
        let ghost = gst_ghost_pad_new("sink", entryPad)!
        vigil_object_unref(entryPad)
        _ = gst_element_add_pad(binElement, ghost)

        installSampleCallback(on: relaySink, context: RelaySinkContext(router: router, stream: stream, stages: stream == .candidateVideo ? stages : nil),
                              newSample: relaySinkNewSample)
        if stream == .candidateVideo {
            guard let analysisSink = vigil_bin_get(binElement, "analysis_sink") else {
                gst_object_unref(bin)
                events.yield(.failure(participant: participant, message: MediaError.elementMissing(file: file, name: "analysis_sink").description))
                return
            }
            installSampleCallback(on: analysisSink, context: analysis, newSample: analysisSinkNewSample)
            stages.instrument(binElement)
            marks.install(on: binElement)
            vigil_object_unref(analysisSink)
        }
        _ = gst_bin_add(vigil_as_bin(pipeline.pointer), binElement)
        router.setSource(stream, sink: ElementRef(relaySink), participant: participant)
        let linked = gst_pad_link(pad, ghost)
        _ = gst_element_sync_state_with_parent(binElement)
        if linked != GST_PAD_LINK_OK {
            events.yield(.failure(participant: participant, message: "could not link the \(kind.rawValue) from webrtcbin (\(linked.rawValue))"))
            return
        }
        events.yield(.mediaArrived(participant: participant, stream: stream))
    }

    /// The candidate line as the page should see it: with VIGIL_PUBLIC_ADDRESS set, host
    /// candidates announce that address instead of the local one (1:1 NAT, as in cloud hosts).
    func announced(_ candidate: String) -> String {
        guard let publicAddress else { return candidate }
        var fields = candidate.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard fields.count > 7, fields[6] == "typ", fields[7] == "host", !fields[4].contains(":") else { return candidate }
        fields[4] = publicAddress
        return fields.joined(separator: " ")
    }
}
