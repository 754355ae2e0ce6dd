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

/// One participant as the pages and the status endpoint see it.
public struct ParticipantSummary: Sendable, Equatable, Codable {
    public let id: String
    public let role: ParticipantRole
    /// Encoded as the browsers' name for it ("connecting", "connected", …).
    public let state: PeerConnectionState
}

/// What happened in a session, for the server's log and metrics.
public enum RelayEvent: Sendable {
    case joined(participant: String, role: ParticipantRole)
    case stateChanged(participant: String, role: ParticipantRole, state: PeerConnectionState, sinceJoin: Duration)
    case mediaArrived(participant: String, role: ParticipantRole, stream: RelayStream, sinceJoin: Duration)
    case left(participant: String, role: ParticipantRole, reason: String)
    case failure(participant: String, role: ParticipantRole, message: String)
    case ended
}

/// A snapshot of a session's relay, for `GET /api/sessions/:id/relay`.
public struct RelayStatus: Sendable, Codable {
    public let session: String
    public let participants: [ParticipantSummary]
    /// Frames the analysis appsink handed to Swift since the session's relay started.
    public let analysisFrames: Int
    /// Samples forwarded per stream (before fan-out).
    public let forwarded: [String: Int]
    /// Samples pushed into each receiver's appsrc, keyed "participant stream" (accepted pushes).
    public let pushed: [String: Int]
    /// The candidate's video stage by stage (decoder, leaky queue, encoder).
    public let stages: RelayStages.Snapshot
    /// Relay pipelines alive in the whole process.
    public let livePipelines: Int
    public let ended: Bool
}
