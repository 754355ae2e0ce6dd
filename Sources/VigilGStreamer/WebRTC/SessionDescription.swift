internal import CGStreamer

/// An SDP offer or answer as webrtcbin takes and gives it (GstWebRTCSessionDescription), owned
/// by Swift and freed once. Made from a page's text with `init(parsing:kind:)`, or returned by
/// `WebRTCBin.createOffer` / `createAnswer`.
package final class SessionDescription: @unchecked Sendable {
    package enum Kind: Sendable { case offer, answer }

    let pointer: UnsafeMutablePointer<GstWebRTCSessionDescription>

    init(owning pointer: UnsafeMutablePointer<GstWebRTCSessionDescription>) { self.pointer = pointer }

    /// Parses SDP text; the error says which step failed.
    package init(parsing sdp: String, kind: Kind) throws(SessionDescriptionError) {
        GStreamerRuntime.ensureInitialized()
        var message: UnsafeMutablePointer<GstSDPMessage>?
        guard gst_sdp_message_new_from_text(sdp, &message) == GST_SDP_OK, let message else { throw .unparsable }
        guard let description = gst_webrtc_session_description_new(kind == .offer ? GST_WEBRTC_SDP_TYPE_OFFER : GST_WEBRTC_SDP_TYPE_ANSWER, message) else {
            gst_sdp_message_free(message)
            throw .unwrappable
        }
        pointer = description
    }

    deinit { gst_webrtc_session_description_free(pointer) }

    /// The SDP text to send to the other side; nil if GStreamer cannot print it.
    package var text: String? {
        guard let text = gst_sdp_message_as_text(pointer.pointee.sdp) else { return nil }
        defer { g_free(text) }
        return String(cString: text)
    }
}
