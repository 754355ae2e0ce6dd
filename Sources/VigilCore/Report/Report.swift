import Foundation

/// Everything a reviewer needs after the call, in one value that every exporter (JSON, CSV, HTML,
/// PDF) renders, so the numbers agree across formats by construction.
public struct Report: Sendable, Codable, Equatable {
    public var session: SessionInfo
    public var status: SessionInfo.Status
    /// Seconds from creation to the end (or to `generatedAt` while live).
    public var durationSeconds: Double
    public var generatedAt: Date
    public var score: Double
    public var verdict: Verdict
    public var deductions: [Deduction]
    /// Events per kind, every kind listed (zero included), dismissed ones counted.
    public var counts: [String: Int]
    /// Total seconds per kind, every kind listed.
    public var durations: [String: Double]
    /// The timeline, in start order.
    public var events: [ProctoringEvent]
    /// The policy that judged the session: its checks, thresholds and the prices the score used.
    public var policy: SessionPolicy

    public init(session: SessionInfo, events: [ProctoringEvent], policy: SessionPolicy = .standard, generatedAt: Date) {
        let asOf = session.endedAt ?? generatedAt
        let timeline = events.sorted { ($0.start, $0.id) < ($1.start, $1.id) }
        let integrity = IntegrityScore(events: timeline, policy: policy.prices, asOf: asOf)
        self.session = session
        status = session.status
        durationSeconds = IntegrityScore.round1(max(0, asOf.timeIntervalSince(session.createdAt)))
        self.generatedAt = generatedAt
        score = integrity.score
        verdict = integrity.verdict
        deductions = integrity.deductions
        var counts: [String: Int] = [:]
        var durations: [String: Double] = [:]
        for kind in EventKind.allCases {
            counts[kind.rawValue] = 0
            durations[kind.rawValue] = 0
        }
        for event in timeline {
            counts[event.kind.rawValue, default: 0] += 1
            durations[event.kind.rawValue, default: 0] += event.duration(asOf: asOf)
        }
        self.counts = counts
        self.durations = durations.mapValues(IntegrityScore.round1)
        self.events = timeline
        self.policy = policy
    }
}
