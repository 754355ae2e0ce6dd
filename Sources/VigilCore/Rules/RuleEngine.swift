/// Turns a stream of observations into event starts and ends, using one debounced rule per kind.
/// It is a value type fed in time order; the live loop and `vigil analyze` both drive it, so a
/// recording and a live call are judged by exactly the same logic.
public struct RuleEngine: Sendable {
    public let thresholds: RuleThresholds
    private var lookingAway: SustainedConditionRule
    private var noFace: SustainedConditionRule
    private var multipleFaces: SustainedConditionRule
    private var eyesClosed: SustainedConditionRule
    private var objects: [ObjectPresenceRule]
    private var lastTime: Double?

    public init(thresholds: RuleThresholds = .standard) {
        self.thresholds = thresholds
        let release = thresholds.releaseSeconds
        lookingAway = .init(kind: .lookingAway, minimum: thresholds.lookingAwaySeconds, inclusive: false, release: release)
        noFace = .init(kind: .noFace, minimum: thresholds.noFaceSeconds, inclusive: false, release: release)
        multipleFaces = .init(kind: .multipleFaces, minimum: thresholds.multipleFacesSeconds, inclusive: true, release: release)
        eyesClosed = .init(kind: .eyesClosed, minimum: thresholds.eyesClosedSeconds, inclusive: false, release: release)
        objects = [EventKind.phone, .book, .device].map {
            ObjectPresenceRule(
                kind: $0, window: thresholds.objectWindow, minHits: thresholds.objectMinHits,
                clearFrames: thresholds.objectClearFrames)
        }
    }

    /// Events that have started and not yet ended, for banners and live status.
    public var openEvents: [DetectedEvent] {
        ([lookingAway.openEvent, noFace.openEvent, multipleFaces.openEvent, eyesClosed.openEvent]
            + objects.map(\.openEvent)).compactMap { $0 }
    }

    /// Consumes one observation. Observations older than the previous one are ignored, since the
    /// debounce clocks only run forward.
    public mutating func process(_ observation: Observation) -> [RuleTransition] {
        let t = observation.time
        if let lastTime, t < lastTime { return [] }
        lastTime = t
        let judge = FrameJudgement(observation, thresholds: thresholds)
        var transitions: [RuleTransition] = []
        transitions.append(contentsOf: [
            noFace.step(time: t, holds: judge.noFace, confidence: 1),
            multipleFaces.step(time: t, holds: judge.multipleFaces.holds, confidence: judge.multipleFaces.confidence),
            lookingAway.step(time: t, holds: judge.lookingAway.holds, confidence: judge.lookingAway.confidence),
            eyesClosed.step(time: t, holds: judge.eyesClosed.holds, confidence: judge.eyesClosed.confidence),
        ].compactMap { $0 })
        if observation.objectsAnalyzed {
            for index in objects.indices {
                let kind = objects[index].kind
                if let change = objects[index].step(time: t, score: judge.objectScores[kind]) {
                    transitions.append(change)
                }
            }
        }
        return transitions
    }

    /// Closes every open event at `time`, for the end of a session or of a file.
    public mutating func finish(at time: Double) -> [RuleTransition] {
        var transitions = [lookingAway.finish(at: time), noFace.finish(at: time),
                           multipleFaces.finish(at: time), eyesClosed.finish(at: time)]
        for index in objects.indices { transitions.append(objects[index].finish(at: time)) }
        return transitions.compactMap { $0 }
    }
}
