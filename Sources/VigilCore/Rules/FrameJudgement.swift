/// What one observation means for each rule: whether its condition holds in this frame (nil when
/// the frame cannot tell) and how confident that is. Kept apart from the debounce so the
/// per-frame policy can be tested and explained on its own.
public struct FrameJudgement: Sendable, Equatable {
    public struct Verdict: Sendable, Equatable {
        public var holds: Bool?
        public var confidence: Double
    }

    public var noFace: Bool
    public var multipleFaces: Verdict
    public var lookingAway: Verdict
    public var eyesClosed: Verdict
    /// Best score per forbidden-object kind among detections above the minimum score.
    public var objectScores: [EventKind: Double]

    public init(_ observation: Observation, thresholds: RuleThresholds) {
        noFace = observation.faces.isEmpty
        let scores = observation.faces.map(\.score).sorted(by: >)
        multipleFaces = Verdict(holds: scores.count >= 2, confidence: scores.count >= 2 ? scores[1] : 0)

        if let face = observation.primaryFace {
            lookingAway = LookingAwayRule(thresholds: thresholds).judge(face)
            eyesClosed = EyesClosedRule(thresholds: thresholds).judge(face)
        } else {
            lookingAway = Verdict(holds: false, confidence: 0)
            eyesClosed = Verdict(holds: false, confidence: 0)
        }

        var best: [EventKind: Double] = [:]
        for object in observation.objects where object.score >= thresholds.objectMinScore {
            guard let kind = EventKind.forObjectClass(object.label) else { continue }
            best[kind] = max(best[kind] ?? 0, object.score)
        }
        objectScores = best
    }
}
