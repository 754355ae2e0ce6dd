/// Debounce for conditions that must hold for some time before they matter (looking away, no
/// face, several faces, eyes closed). Gaps shorter than the release time are treated as detector
/// flicker, so one missed frame neither resets the clock nor splits an event in two.
///
/// The event it raises spans the condition: `start` is the first frame the condition held in
/// (the onset, before the debounce), `flaggedAt` the frame at which it had lasted `minimum`, and
/// `end` the first frame of the gap that ended it.
public struct SustainedConditionRule: Sendable {
    public let kind: EventKind
    public let minimum: Double
    /// True for "at least `minimum`", false for "longer than `minimum`".
    public let inclusive: Bool
    public let release: Double

    private enum Phase: Sendable {
        case idle
        case pending(onset: Double, peak: Double)
        case active(DetectedEvent)
    }

    private var phase: Phase = .idle
    private var absentSince: Double?

    public init(kind: EventKind, minimum: Double, inclusive: Bool, release: Double) {
        self.kind = kind
        self.minimum = minimum
        self.inclusive = inclusive
        self.release = release
    }

    public var openEvent: DetectedEvent? {
        if case .active(let event) = phase { return event }
        return nil
    }

    /// Feeds one frame. `holds` is nil when the frame says nothing about the condition.
    public mutating func step(time: Double, holds: Bool?, confidence: Double) -> RuleTransition? {
        guard let holds else { return nil }
        if holds {
            absentSince = nil
            switch phase {
            case .idle:
                phase = .pending(onset: time, peak: confidence)
                return fireIfDue(time: time)
            case .pending(let onset, let peak):
                phase = .pending(onset: onset, peak: max(peak, confidence))
                return fireIfDue(time: time)
            case .active(var event):
                event.confidence = max(event.confidence, confidence)
                phase = .active(event)
                return nil
            }
        }
        if case .idle = phase { return nil }
        let since = absentSince ?? time
        absentSince = since
        guard time - since >= release else { return nil }
        return close(at: since)
    }

    /// Closes an open event at the end of the session (or at the start of an unfinished gap).
    public mutating func finish(at time: Double) -> RuleTransition? {
        close(at: min(absentSince ?? time, time))
    }

    private mutating func fireIfDue(time: Double) -> RuleTransition? {
        guard case .pending(let onset, let peak) = phase else { return nil }
        let held = time - onset
        guard held > minimum || (inclusive && held >= minimum) else { return nil }
        let event = DetectedEvent(kind: kind, start: onset, flaggedAt: time, confidence: peak)
        phase = .active(event)
        return .started(event)
    }

    private mutating func close(at end: Double) -> RuleTransition? {
        defer {
            phase = .idle
            absentSince = nil
        }
        guard case .active(var event) = phase else { return nil }
        event.end = max(end, event.start)
        return .ended(event)
    }
}
