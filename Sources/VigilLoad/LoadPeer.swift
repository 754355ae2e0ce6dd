import CGStreamer
import Dispatch
import VigilMedia

/// One participant of the load client: its own pipeline with webrtcbin, sending the face photo
/// as live VP8 plus Opus, and counting what the server relays back. The server offers and this
/// peer answers, as the pages do (signaling/js/call.js).
final class LoadPeer: Sendable {
    let pipeline: GstHandle
    let webrtc: GstHandle
    let context: LoadPeerContext

    private static let initialized: Bool = {
        gst_init(nil, nil)
        return true
    }()

    /// Builds the pipeline; nothing runs until `play`.
    init(role: String, media: LoadMedia, decodeVideo: Bool, sendCandidate: @escaping @Sendable (Int, String) -> Void) throws(LoadError) {
        _ = Self.initialized
        let description = try media.sendDescription()
        var error: UnsafeMutablePointer<GError>?
        guard let element = gst_parse_launch(description, &error) else {
            let reason = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            if let error { g_error_free(error) }
            throw .pipelineInvalid(reason: reason)
        }
        if let error {
            let reason = String(cString: error.pointee.message)
            g_error_free(error)
            gst_object_unref(element)
            throw .pipelineInvalid(reason: reason)
        }
        guard let webrtc = vigil_bin_get(element, "webrtc") else {
            gst_object_unref(element)
            throw .pipelineInvalid(reason: "no element named webrtc")
        }
        pipeline = GstHandle(pointer: element)
        self.webrtc = GstHandle(pointer: webrtc)
        context = LoadPeerContext(role: role, pipeline: pipeline, decodeVideo: decodeVideo, sendCandidate: sendCandidate)
        func retained() -> gpointer { Unmanaged.passRetained(context).toOpaque() }
        _ = vigil_signal_connect_data(webrtc, "on-ice-candidate", unsafeBitCast(loadOnIceCandidate, to: GCallback.self), retained(), loadReleaseContextClosure)
        _ = vigil_signal_connect_data(webrtc, "pad-added", unsafeBitCast(loadPadAdded, to: GCallback.self), retained(), loadReleaseContextClosure)
        _ = vigil_signal_connect_data(webrtc, "notify::connection-state", unsafeBitCast(loadConnectionStateChanged, to: GCallback.self), retained(), loadReleaseContextClosure)
        let bus = gst_element_get_bus(element)!
        gst_bus_set_sync_handler(bus, loadBusHandler, retained(), loadReleaseContext)
        vigil_object_unref(bus)
    }

    func play() throws(LoadError) {
        guard gst_element_set_state(pipeline.pointer, GST_STATE_PLAYING) != GST_STATE_CHANGE_FAILURE else {
            throw .stateChangeFailed("the \(context.role) pipeline refused to play (\(context.counts.problems.last ?? "no message"))")
        }
    }

    /// Applies the server's offer, creates the answer, applies it locally and returns its SDP.
    func answer(offer sdp: String) async throws(LoadError) -> String {
        var message: UnsafeMutablePointer<GstSDPMessage>?
        guard gst_sdp_message_new_from_text(sdp, &message) == GST_SDP_OK, let message else {
            throw .negotiationFailed("GStreamer could not parse the server's offer")
        }
        guard let offer = gst_webrtc_session_description_new(GST_WEBRTC_SDP_TYPE_OFFER, message) else {
            gst_sdp_message_free(message)
            throw .negotiationFailed("GStreamer could not wrap the server's offer")
        }
        defer { gst_webrtc_session_description_free(offer) }
        let webrtc = self.webrtc
        let remote = await PromiseReply.await { vigil_webrtc_set_remote_description(webrtc.pointer, offer, $0) }
        defer { remote.release() }
        if let error = remote.errorMessage { throw .negotiationFailed("set-remote-description: \(error)") }
        let reply = await PromiseReply.await { vigil_webrtc_create_answer(webrtc.pointer, $0) }
        defer { reply.release() }
        if let error = reply.errorMessage { throw .negotiationFailed("create-answer: \(error)") }
        guard let answer = vigil_promise_reply_description(reply.structure, "answer") else {
            throw .negotiationFailed("webrtcbin gave no answer")
        }
        defer { gst_webrtc_session_description_free(answer) }
        let local = await PromiseReply.await { vigil_webrtc_set_local_description(webrtc.pointer, answer, $0) }
        defer { local.release() }
        if let error = local.errorMessage { throw .negotiationFailed("set-local-description: \(error)") }
        guard let text = gst_sdp_message_as_text(answer.pointee.sdp) else { throw .negotiationFailed("the answer has no SDP text") }
        defer { g_free(text) }
        return String(cString: text)
    }

    func addCandidate(_ candidate: String, mline: Int) {
        guard !candidate.isEmpty else { return }
        vigil_webrtc_add_ice_candidate(webrtc.pointer, guint(mline), candidate)
    }

    var counts: LoadPeerCounts { context.counts }

    static let teardownQueue = DispatchQueue(label: "vigil.load.teardown")

    /// Stops and frees the pipeline on a utility queue: setting NULL joins streaming threads,
    /// which must not happen on a Swift concurrency thread.
    func stop() async {
        let (pipeline, webrtc) = (self.pipeline, self.webrtc)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Self.teardownQueue.async {
                _ = gst_element_set_state(pipeline.pointer, GST_STATE_NULL)
                let bus = gst_element_get_bus(pipeline.pointer)!
                gst_bus_set_sync_handler(bus, nil, nil, nil)
                vigil_object_unref(bus)
                webrtc.release()
                pipeline.release()
                done.resume()
            }
        }
    }
}
