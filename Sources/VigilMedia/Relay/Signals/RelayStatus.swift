import VigilCore

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
    /// 100 ms windows the voice activity detector measured per microphone ("candidate",
    /// "interviewer"), and how many of them held speech.
    public var voiceWindows: [String: Int] = [:]
    public var speechWindows: [String: Int] = [:]
}
