internal import CGStreamer

/// A webrtcbin element and everything Vigil asks of it: its signals as Swift closures, its
/// transceivers and network settings, ICE candidates, and the offer/answer exchange as async
/// calls (promises bridged by `WebRTCPromise`). Used by the relay (which offers) and the load
/// client (which answers, as the pages do).
package struct WebRTCBin: Sendable {
    package let element: ElementRef

    package init(_ element: ElementRef) { self.element = element }

    // MARK: signals

    /// "on-ice-candidate": a local candidate (m-line index, candidate line) to trickle.
    package func onIceCandidate(_ handler: @escaping @Sendable (Int, String) -> Void) {
        element.connect("on-ice-candidate", iceCandidateTrampoline, CallbackBox<@Sendable (Int, String) -> Void>(handler))
    }

    /// "notify::connection-state", typed.
    package func onConnectionStateChange(_ handler: @escaping @Sendable (PeerConnectionState) -> Void) {
        element.connect("notify::connection-state", connectionStateTrampoline, CallbackBox<@Sendable (PeerConnectionState) -> Void>(handler))
    }

    /// "notify::ice-gathering-state" reaching COMPLETE: no local candidate follows, so the other
    /// side can be told the trickle ended.
    package func onIceGatheringComplete(_ handler: @escaping @Sendable () -> Void) {
        element.connect("notify::ice-gathering-state", iceGatheringStateTrampoline, CallbackBox<@Sendable () -> Void>(handler))
    }

    /// "pad-added" for the source pads webrtcbin exposes for received media (decrypted RTP).
    package func onReceivedMedia(_ handler: @escaping @Sendable (PadRef) -> Void) {
        element.onPadAdded { pad in
            guard pad.isSource else { return }
            handler(pad)
        }
    }

    // MARK: configuration

    /// Sets the direction of transceiver `index` (send only, or send and receive), its codec
    /// preferences (RTP caps text, e.g. with the transport-wide-cc extension) and NACKs.
    package func configureTransceiver(_ index: Int, sendOnly: Bool, codecPreferences: String, nack: Bool) {
        guard let transceiver = vigil_webrtc_get_transceiver(element.pointer, Int32(index)) else { return }
        let object = UnsafeMutableRawPointer(transceiver)
        let direction = sendOnly ? GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_SENDONLY : GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_SENDRECV
        vigil_object_set_int(object, "direction", Int32(direction.rawValue))
        if let caps = gst_caps_from_string(codecPreferences) {
            vigil_object_set_pointer(object, "codec-preferences", caps)
            gst_caps_unref(caps)
        }
        if nack { vigil_object_set_bool(object, "do-nack", 1) }
        gst_object_unref(object)
    }

    package func setStunServer(_ uri: String) { element.set("stun-server", uri) }

    /// Adds a TURN relay (turn://user:password@host:port); false if webrtcbin refused the URI.
    @discardableResult
    package func addTurnServer(_ uri: String) -> Bool { vigil_webrtc_add_turn_server(element.pointer, uri) != 0 }

    /// Restricts the UDP ports libnice binds for media (inclusive).
    package func limitPorts(to range: ClosedRange<Int>) {
        guard let agent = vigil_object_get_pointer(element.pointer, "ice-agent") else { return }
        vigil_object_set_uint(agent, "min-rtp-port", guint(range.lowerBound))
        vigil_object_set_uint(agent, "max-rtp-port", guint(range.upperBound))
        gst_object_unref(agent)
    }

    /// Adds the other side's candidate for m-line `mline`.
    package func addIceCandidate(_ candidate: String, mline: Int) {
        vigil_webrtc_add_ice_candidate(element.pointer, guint(mline), candidate)
    }

    // MARK: negotiation

    /// The offering side (the relay): creates the offer, applies it locally, returns its SDP text.
    package func offer() async throws(WebRTCError) -> String {
        let offer = try await createOffer()
        try await setLocalDescription(offer)
        guard let text = offer.text else { throw .noSDPText(expected: "offer") }
        return text
    }

    /// The answering side (the load client, as the pages do): applies the other side's offer,
    /// creates the answer, applies it locally, returns its SDP text.
    package func answer(_ offer: SessionDescription) async throws(WebRTCError) -> String {
        try await setRemoteDescription(offer)
        let answer = try await createAnswer()
        try await setLocalDescription(answer)
        guard let text = answer.text else { throw .noSDPText(expected: "answer") }
        return text
    }

    func createOffer() async throws(WebRTCError) -> SessionDescription {
        try await createDescription("create-offer", field: "offer") { vigil_webrtc_create_offer(element.pointer, $0) }
    }

    func createAnswer() async throws(WebRTCError) -> SessionDescription {
        try await createDescription("create-answer", field: "answer") { vigil_webrtc_create_answer(element.pointer, $0) }
    }

    func setLocalDescription(_ description: SessionDescription) async throws(WebRTCError) {
        try await WebRTCPromise.perform("set-local-description", start: {
            vigil_webrtc_set_local_description(element.pointer, description.pointer, $0)
        }, read: { _ in })
    }

    package func setRemoteDescription(_ description: SessionDescription) async throws(WebRTCError) {
        try await WebRTCPromise.perform("set-remote-description", start: {
            vigil_webrtc_set_remote_description(element.pointer, description.pointer, $0)
        }, read: { _ in })
    }

    private func createDescription(_ action: String, field: String,
                                   start: (UnsafeMutablePointer<GstPromise>) -> Void) async throws(WebRTCError) -> SessionDescription {
        try await WebRTCPromise.perform(action, start: start) { (reply: UnsafePointer<GstStructure>?) throws(WebRTCError) -> SessionDescription in
            guard let description = vigil_promise_reply_description(reply, field) else { throw .noDescription(action: action, expected: field) }
            return SessionDescription(owning: description)
        }
    }
}
