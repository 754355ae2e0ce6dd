import VigilGStreamer

/// The relay's side of the offer/answer exchange: the server offers (video m-line 0, audio 1),
/// the page answers. webrtcbin answers through promises that `WebRTCBin` awaits without
/// blocking a thread; this turns its errors into the relay's.
enum WebRTCNegotiation {
    /// Creates the offer, applies it locally and returns its SDP text.
    static func createOffer(_ webrtc: WebRTCBin) async throws(MediaError) -> String {
        do {
            return try await webrtc.offer()
        } catch {
            throw .negotiationFailed(error.description)
        }
    }

    /// Applies the page's answer (already checked by `SessionDescriptionCheck`).
    static func applyAnswer(_ webrtc: WebRTCBin, sdp: String) async throws(MediaError) {
        let answer: SessionDescription
        do {
            answer = try SessionDescription(parsing: sdp, kind: .answer)
        } catch {
            throw .invalidSessionDescription(error == .unparsable ? "GStreamer could not parse it" : "GStreamer could not wrap it")
        }
        do {
            try await webrtc.setRemoteDescription(answer)
        } catch {
            if case .refused(_, let reason) = error { throw .invalidSessionDescription("webrtcbin refused it: \(reason)") }
            throw .invalidSessionDescription("webrtcbin refused it")
        }
    }
}
