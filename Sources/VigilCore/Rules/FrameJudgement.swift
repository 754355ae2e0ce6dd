/// What one observation means for each rule: whether its condition holds in this frame (nil when
/// the frame cannot tell) and how confident that is. Kept apart from the debounce so the
/// per-frame policy can be tested and explained on its own.
public struct FrameJudgement: Sendable, Equatable {
    public struct Verdict: Sendable, Equatable {
        public var holds: Bool?
        public var confidence: Double
    }

    public var noFace: Bool
    /// Several people: two faces or more, or (on frames the object detector ran on) two `person`
    /// boxes or more, since a person turned away or far off may have no detectable face.
    public var multipleFaces: Verdict
    /// Looking away in any way, looking down included (`lookingDown` says whether it was down).
    public var lookingAway: Verdict
    public var lookingDown: Verdict
    public var eyesClosed: Verdict
    /// Best score per forbidden-object kind among detections above the minimum score.
    public var objectScores: [EventKind: Double]
    /// How many people the frame shows: faces, or `person` boxes when there are more of those.
    public var people: Int
    /// A hand held at the candidate's ear (nil on frames the hand models skipped), with the best
    /// such hand's score as confidence.
    public var handAtEar: Verdict

    public init(_ observation: Observation, thresholds: RuleThresholds) {
        self.init(observation, thresholds: thresholds, neutral: .straightAhead, calibrated: false)
    }

    /// The judgement with head angles taken against the candidate's `neutral` pose (`calibrated`:
    /// a learned one, so looking down has its own limit; see `LookingAwayRule`).
    public init(_ observation: Observation, thresholds: RuleThresholds, neutral: NeutralPose.Angles, calibrated: Bool) {
        noFace = observation.faces.isEmpty
        let scores = observation.faces.map(\.score).sorted(by: >)
        let persons = observation.objectsAnalyzed
            ? observation.objects.filter { $0.label == "person" && $0.score >= thresholds.personMinScore }.map(\.score).sorted(by: >)
            : []
        people = max(scores.count, persons.count)
        if scores.count >= 2 {
            multipleFaces = Verdict(holds: true, confidence: scores[1])
        } else if persons.count >= 2 {
            multipleFaces = Verdict(holds: true, confidence: persons[1])
        } else {
            multipleFaces = Verdict(holds: false, confidence: 0)
        }

        let primary = observation.primaryFace
        if let face = primary {
            let rule = LookingAwayRule(thresholds: thresholds, neutral: neutral, calibrated: calibrated)
            lookingAway = rule.judge(face)
            lookingDown = rule.judgeDown(face)
            eyesClosed = EyesClosedRule(thresholds: thresholds).judge(face)
        } else {
            lookingAway = Verdict(holds: false, confidence: 0)
            lookingDown = Verdict(holds: false, confidence: 0)
            eyesClosed = Verdict(holds: false, confidence: 0)
        }

        var best: [EventKind: Double] = [:]
        for object in observation.objects where object.score >= thresholds.objectMinScore {
            guard let kind = EventKind.forObjectClass(object.label) else { continue }
            best[kind] = max(best[kind] ?? 0, object.score)
        }
        objectScores = best

        if observation.handsAnalyzed {
            let atEar = observation.hands.filter { HandPlacement.of($0.box, face: primary?.box) == .atEar }
            handAtEar = Verdict(holds: !atEar.isEmpty, confidence: atEar.map(\.score).max() ?? 0)
        } else {
            handAtEar = Verdict(holds: nil, confidence: 0)
        }
    }
}
