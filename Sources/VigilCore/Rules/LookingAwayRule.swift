/// The looking-away rule for one frame: the candidate looks away when head yaw, head pitch or
/// horizontal gaze goes past its limit. Vertical gaze is not judged: the iris sits above the
/// eye-corner line by a different amount in every face, and looking down is caught by head pitch.
/// Confidence grows from 0.5 at the limit to 1 at twice the limit. How long it must hold before it
/// becomes an event is the `SustainedConditionRule`'s business (`RuleThresholds.lookingAwaySeconds`).
public struct LookingAwayRule: Sendable {
    public let thresholds: RuleThresholds

    public init(thresholds: RuleThresholds) { self.thresholds = thresholds }

    public func judge(_ face: FaceObservation) -> FrameJudgement.Verdict {
        var ratios: [Double] = []
        if let yaw = face.yaw { ratios.append(abs(yaw) / thresholds.maxYawDegrees) }
        if let pitch = face.pitch { ratios.append(abs(pitch) / thresholds.maxPitchDegrees) }
        if let gaze = face.gaze { ratios.append(abs(gaze.x) / thresholds.maxGazeOffset) }
        guard let worst = ratios.max() else { return .init(holds: nil, confidence: 0) }
        return .init(holds: worst > 1, confidence: worst > 1 ? min(1, 0.5 * worst) : 0)
    }
}
