import VigilCore

/// What the relay tells one participant's page (the server turns these into signaling messages).
public enum RelaySignal: Sendable, Equatable {
    /// The server's SDP offer; the page answers it.
    case offer(sdp: String)
    /// A server ICE candidate for m-line `mline`.
    case candidate(mline: Int, candidate: String)
    /// The call as a whole: each role present and its WebRTC connection state.
    case peers([ParticipantSummary])
    /// Something went wrong for this participant; `fatal` means the page must join again.
    case error(code: String, message: String, fatal: Bool)
    /// The session ended; the page stops and the server closes the connection.
    case ended
    /// A message the server composed itself (JSON object text with its `type`), sent as is.
    /// The relay carries it without knowing what it means: what the pages are told about
    /// proctoring belongs to the server.
    case message(json: String)
}
