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
            lookingAway = Self.lookingAway(face, thresholds)
            eyesClosed = Self.eyesClosed(face, thresholds)
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

    /// Looking away when head yaw, head pitch or horizontal gaze goes past its limit. Vertical
    /// gaze is not judged: the iris sits above the eye-corner line by a different amount in every
    /// face, and looking down is caught by head pitch. Confidence grows from 0.5 at the limit to
    /// 1 at twice the limit.
    private static func lookingAway(_ face: FaceObservation, _ t: RuleThresholds) -> Verdict {
        var ratios: [Double] = []
        if let yaw = face.yaw { ratios.append(abs(yaw) / t.maxYawDegrees) }
        if let pitch = face.pitch { ratios.append(abs(pitch) / t.maxPitchDegrees) }
        if let gaze = face.gaze { ratios.append(abs(gaze.x) / t.maxGazeOffset) }
        guard let worst = ratios.max() else { return Verdict(holds: nil, confidence: 0) }
        return Verdict(holds: worst > 1, confidence: worst > 1 ? min(1, 0.5 * worst) : 0)
    }

    /// Eyes closed when the open ratio is below the limit. Confidence grows from 0.5 at the limit
    /// to 1 when fully shut.
    private static func eyesClosed(_ face: FaceObservation, _ t: RuleThresholds) -> Verdict {
        guard let open = face.eyesOpen else { return Verdict(holds: nil, confidence: 0) }
        let closed = open < t.eyesClosedBelow
        let confidence = closed ? 1 - 0.5 * max(0, open) / t.eyesClosedBelow : 0
        return Verdict(holds: closed, confidence: confidence)
    }
}
