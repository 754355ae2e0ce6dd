/// SDP text GStreamer could not turn into a session description.
package enum SessionDescriptionError: Error, Sendable, Equatable {
    /// gst_sdp_message_new_from_text refused the text.
    case unparsable
    /// gst_webrtc_session_description_new refused the parsed message.
    case unwrappable
}
