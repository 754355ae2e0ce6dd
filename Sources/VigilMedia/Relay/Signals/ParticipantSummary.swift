import VigilCore

/// One participant as the pages and the status endpoint see it.
public struct ParticipantSummary: Sendable, Equatable, Codable {
    public let id: String
    public let role: ParticipantRole
    /// Encoded as the browsers' name for it ("connecting", "connected", …).
    public let state: PeerConnectionState
}
