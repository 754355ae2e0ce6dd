import VigilCore

/// The live events of a session beside the events the detectors raise when they re-run on its
/// recording (`vigil analyze --session`): a second opinion a reviewer can ask for. Both sides
/// are on the recording's timeline (seconds from its 0:00). Two events agree when they are of
/// the same kind and their spans overlap (an instant counts as a span of `tolerance` either
/// side); each live event is paired with the overlapping offline event it shares most time with.
/// Events no detector raises (page and connection events) are not compared, only listed.
struct EventComparison: Encodable, Sendable {
    struct Span: Encodable, Sendable {
        var kind: String
        /// The live event's id in the store (nil for offline events: they are not stored).
        var id: Int64?
        var start: Double
        var end: Double
    }

    struct Pair: Encodable, Sendable {
        var kind: String
        var live: Span
        var offline: Span
        /// offline − live, seconds.
        var startDelta: Double
        var endDelta: Double

        enum CodingKeys: String, CodingKey { case kind, live, offline, startDelta = "start_delta", endDelta = "end_delta" }
    }

    var both: [Pair] = []
    var onlyLive: [Span] = []
    var onlyOffline: [Span] = []
    /// Live events of kinds the detectors never raise (tab switches, disconnections…).
    var notCompared: [Span] = []

    enum CodingKeys: String, CodingKey { case both, onlyLive = "only_live", onlyOffline = "only_offline", notCompared = "not_compared" }

    /// Seconds an instant (or a short span) may miss the other side by and still match.
    static let tolerance = 1.0

    /// Whether the detectors raise events of this kind (video and audio rules).
    static func isDetected(_ kind: EventKind) -> Bool { kind.origin == .video || kind.origin == .audio }

    init(live: [Span], offline: [Span]) {
        let detectedKinds = Set(EventKind.allCases.filter(Self.isDetected).map(\.rawValue))
        notCompared = live.filter { !detectedKinds.contains($0.kind) }
        var unmatched = offline
        for event in live where detectedKinds.contains(event.kind) {
            let candidates = unmatched.indices.filter { unmatched[$0].kind == event.kind && Self.overlap(event, unmatched[$0]) > 0 }
            guard let best = candidates.max(by: { Self.overlap(event, unmatched[$0]) < Self.overlap(event, unmatched[$1]) }) else {
                onlyLive.append(event)
                continue
            }
            let match = unmatched.remove(at: best)
            both.append(Pair(kind: event.kind, live: event, offline: match, startDelta: match.start - event.start, endDelta: match.end - event.end))
        }
        onlyOffline = unmatched
    }

    /// Seconds two spans share, each widened by `tolerance` on both sides (so instants match).
    static func overlap(_ a: Span, _ b: Span) -> Double {
        min(a.end, b.end) - max(a.start, b.start) + 2 * tolerance
    }
}
