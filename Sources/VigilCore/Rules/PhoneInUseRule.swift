/// A phone in use, from either of two signals, as one `phone` event: the object detector sees a
/// phone (debounced like every object, `ObjectPresenceRule`), or a hand is held at the ear for at
/// least `RuleThresholds.phoneAtEarSeconds` (`SustainedConditionRule` over `HandPlacement.atEar`)
/// — a phone held to the ear is mostly hidden by the hand and the head, where the detector alone
/// misses it. The event's `evidence` says which signal raised it; it lasts while either holds.
public struct PhoneInUseRule: Sendable {
    public static let seenEvidence = "phone seen by the object detector"
    public static let earEvidence = "hand held at the ear"

    private var seen: ObjectPresenceRule
    private var atEar: SustainedConditionRule
    private var open: DetectedEvent?

    public init(thresholds: RuleThresholds) {
        seen = ObjectPresenceRule(kind: .phone, window: thresholds.objectWindow, minHits: thresholds.objectMinHits,
                                  clearFrames: thresholds.objectClearFrames)
        atEar = SustainedConditionRule(kind: .phone, minimum: thresholds.phoneAtEarSeconds, inclusive: true,
                                       release: thresholds.releaseSeconds)
    }

    public var openEvent: DetectedEvent? { open }

    /// Feeds one frame: the phone's best detection score (nil: not seen) on frames the object
    /// detector ran on, and the hand-at-ear verdict (`holds` nil on frames the hand models skipped).
    public mutating func step(time: Double, objectsAnalyzed: Bool, phoneScore: Double?,
                              handAtEar: FrameJudgement.Verdict) -> [RuleTransition] {
        var changes: [RuleTransition] = []
        if objectsAnalyzed, let change = seen.step(time: time, score: phoneScore) {
            changes += merge(change, evidence: Self.seenEvidence)
        }
        if let change = atEar.step(time: time, holds: handAtEar.holds, confidence: handAtEar.confidence) {
            changes += merge(change, evidence: Self.earEvidence)
        }
        return changes
    }

    /// Closes the open event at `time` (end of the session or file).
    public mutating func finish(at time: Double) -> RuleTransition? {
        let changes = [seen.finish(at: time), atEar.finish(at: time)].compactMap { $0 }
        return changes.flatMap { merge($0, evidence: "") }.first
    }

    /// One event for both signals: the first to start opens it (its evidence), the last to end
    /// closes it.
    private mutating func merge(_ change: RuleTransition, evidence: String) -> [RuleTransition] {
        switch change {
        case .started(var event):
            if var current = open {
                current.confidence = max(current.confidence, event.confidence)
                open = current
                return []
            }
            event.evidence = evidence
            open = event
            return [.started(event)]
        case .ended(let ended):
            guard var event = open, seen.openEvent == nil, atEar.openEvent == nil else { return [] }
            event.end = max(ended.end ?? ended.start, event.start)
            event.confidence = max(event.confidence, ended.confidence)
            open = nil
            return [.ended(event)]
        }
    }
}
