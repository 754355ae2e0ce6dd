/// Debounce for forbidden objects: object detectors flicker from frame to frame, so an object
/// counts when it is seen in most of the recent analysed frames (3 of 5 by default) and stops
/// counting after a run of clean frames (5 by default). The event starts at the first of those
/// sightings (`start`), is flagged at the frame that completed them (`flaggedAt`) and ends at the
/// first frame of the clean run (`end`).
public struct ObjectPresenceRule: Sendable {
    public let kind: EventKind
    public let window: Int
    public let minHits: Int
    public let clearFrames: Int

    private struct Sample: Sendable {
        var time: Double
        /// Best detection score of this kind, nil where the object was not seen.
        var score: Double?
    }

    private var recent: [Sample] = []
    private var open: DetectedEvent?
    private var cleanRun = 0
    private var cleanSince: Double?

    public init(kind: EventKind, window: Int, minHits: Int, clearFrames: Int) {
        self.kind = kind
        self.window = max(1, window)
        self.minHits = max(1, min(minHits, self.window))
        self.clearFrames = max(1, clearFrames)
    }

    public var openEvent: DetectedEvent? { open }

    /// Feeds one analysed frame.
    public mutating func step(time: Double, score: Double?) -> RuleTransition? {
        if var event = open {
            if let score {
                event.confidence = max(event.confidence, score)
                open = event
                cleanRun = 0
                cleanSince = nil
                return nil
            }
            cleanRun += 1
            let since = cleanSince ?? time
            cleanSince = since
            guard cleanRun >= clearFrames else { return nil }
            return finish(at: since)
        }
        recent.append(Sample(time: time, score: score))
        if recent.count > window { recent.removeFirst(recent.count - window) }
        let hits = recent.filter { $0.score != nil }
        guard score != nil, hits.count >= minHits else { return nil }
        let event = DetectedEvent(
            kind: kind, start: hits[0].time, flaggedAt: time,
            confidence: hits.compactMap(\.score).max() ?? 0)
        open = event
        return .started(event)
    }

    /// Closes an open event (at the first clean frame if the object had already gone).
    public mutating func finish(at time: Double) -> RuleTransition? {
        defer {
            open = nil
            recent.removeAll()
            cleanRun = 0
            cleanSince = nil
        }
        guard var event = open else { return nil }
        event.end = max(min(cleanSince ?? time, time), event.start)
        return .ended(event)
    }
}
