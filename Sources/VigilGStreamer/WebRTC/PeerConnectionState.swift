internal import CGStreamer

/// webrtcbin's connection state (GstWebRTCPeerConnectionState), typed so the relay and the load
/// client compare cases instead of strings. `rawValue` is the name browsers use (RTCPeerConnection's
/// `connectionState`), which the pages and the status endpoint show.
public enum PeerConnectionState: String, Sendable, Codable, CaseIterable {
    case new, connecting, connected, disconnected, failed, closed

    /// nil for a value GStreamer 1.22 does not define.
    init?(gstValue: Int32) {
        switch GstWebRTCPeerConnectionState(rawValue: UInt32(bitPattern: gstValue)) {
        case GST_WEBRTC_PEER_CONNECTION_STATE_NEW: self = .new
        case GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTING: self = .connecting
        case GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED: self = .connected
        case GST_WEBRTC_PEER_CONNECTION_STATE_DISCONNECTED: self = .disconnected
        case GST_WEBRTC_PEER_CONNECTION_STATE_FAILED: self = .failed
        case GST_WEBRTC_PEER_CONNECTION_STATE_CLOSED: self = .closed
        default: return nil
        }
    }
}
