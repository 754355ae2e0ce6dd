/// The looking-away rule for one frame: the candidate looks away when head yaw, head pitch (up)
/// or horizontal gaze goes past its limit, or looks down when the head pitches down past its own,
/// tighter limit (`maxPitchDownDegrees`: notes on the desk, a phone in the lap) once the
/// candidate's neutral pose (`NeutralPose`) is learned. Head angles are judged against that
/// neutral pose, straight ahead by default.
/// Vertical gaze is not judged: the iris sits above the eye-corner line by a different amount in
/// every face, and looking down is caught by head pitch. Confidence grows from 0.5 at the limit
/// to 1 at twice the limit. How long it must hold before it becomes an event is the
/// `SustainedConditionRule`'s business (`RuleThresholds.lookingAwaySeconds`).
public struct LookingAwayRule: Sendable {
    public let thresholds: RuleThresholds
    public let neutral: NeutralPose.Angles
    /// True once the candidate's neutral pose is learned: only then is looking down judged by its
    /// own, tighter limit. Uncalibrated (a single photo, the first seconds of a call) head pitch
    /// is off by up to ±28° on frontal faces, so looking down is judged by `maxPitchDegrees`.
    public let calibrated: Bool

    public init(thresholds: RuleThresholds, neutral: NeutralPose.Angles = .straightAhead, calibrated: Bool = false) {
        self.thresholds = thresholds
        self.neutral = neutral
        self.calibrated = calibrated
    }

    /// Looking away in any way, looking down included.
    public func judge(_ face: FaceObservation) -> FrameJudgement.Verdict {
        var ratios: [Double] = []
        if let yaw = face.yaw { ratios.append(abs(yaw - neutral.yaw) / thresholds.maxYawDegrees) }
        if let pitch = face.pitch { ratios.append(max(0, pitch - neutral.pitch) / thresholds.maxPitchDegrees) }
        if let gaze = face.gaze { ratios.append(abs(gaze.x) / thresholds.maxGazeOffset) }
        if let down = downRatio(face) { ratios.append(down) }
        guard let worst = ratios.max() else { return .init(holds: nil, confidence: 0) }
        return Self.verdict(worst)
    }

    /// Looking down only: head pitch below the neutral pose past `maxPitchDownDegrees` (past
    /// `maxPitchDegrees` while uncalibrated).
    public func judgeDown(_ face: FaceObservation) -> FrameJudgement.Verdict {
        guard let ratio = downRatio(face) else { return .init(holds: nil, confidence: 0) }
        return Self.verdict(ratio)
    }

    private func downRatio(_ face: FaceObservation) -> Double? {
        let limit = calibrated ? thresholds.maxPitchDownDegrees : thresholds.maxPitchDegrees
        return face.pitch.map { max(0, neutral.pitch - $0) / limit }
    }

    private static func verdict(_ ratio: Double) -> FrameJudgement.Verdict {
        .init(holds: ratio > 1, confidence: ratio > 1 ? min(1, 0.5 * ratio) : 0)
    }
}
