/// The eyes-closed rule for one frame: a plain observed state (the eyes' open ratio below its
/// limit), never an inferred mood. Confidence grows from 0.5 at the limit to 1 when fully shut.
public struct EyesClosedRule: Sendable {
    public let thresholds: RuleThresholds

    public init(thresholds: RuleThresholds) { self.thresholds = thresholds }

    public func judge(_ face: FaceObservation) -> FrameJudgement.Verdict {
        guard let open = face.eyesOpen else { return .init(holds: nil, confidence: 0) }
        let closed = open < thresholds.eyesClosedBelow
        let confidence = closed ? 1 - 0.5 * max(0, open) / thresholds.eyesClosedBelow : 0
        return .init(holds: closed, confidence: confidence)
    }
}
