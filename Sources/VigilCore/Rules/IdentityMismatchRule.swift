/// The identity check for one session: first the enrolment, then each identity sample compared
/// with it. Until enrolled it collects the descriptors of good frames (exactly one face, yaw
/// within `identityEnrolmentMaxDegrees`, pitch within the looking-away limit — the measured pitch
/// of the labelled frontal photos spreads from −28° to +18° — and sharp) and averages `identityEnrolmentFrames` of them that agree with each other; from then on
/// a sample of a lone, roughly frontal face further than `identityMaxDistance` from the enrolment
/// says "a different person". With several faces in view it says nothing: which one is the
/// candidate is then uncertain (the largest may be a helper leaning in), and `multiple_faces`
/// already reports the scene. How long that must hold is the `SustainedConditionRule`'s business
/// (`RuleThresholds.identityMismatchSeconds`). A rejoin starts from the stored enrolment, so the
/// person who comes back is checked against the one who started the call.
public struct IdentityMismatchRule: Sendable {
    public let thresholds: RuleThresholds
    /// The enrolled face, nil while enrolling.
    public private(set) var enrolment: FaceDescriptor?
    private var enrolling: [FaceDescriptor] = []

    public init(thresholds: RuleThresholds, enrolment: FaceDescriptor? = nil) {
        self.thresholds = thresholds
        self.enrolment = enrolment
    }

    /// The verdict for one frame: holds = different person; nil when the frame has no sample,
    /// while enrolling, with several faces, or when the face is turned too far to compare.
    public mutating func judge(_ observation: Observation) -> FrameJudgement.Verdict? {
        guard let sample = observation.identity, let face = observation.primaryFace else { return nil }
        guard let enrolment else {
            enrol(sample, face: face, faceCount: observation.faceCount)
            return nil
        }
        guard observation.faceCount == 1, abs(face.yaw ?? 0) <= thresholds.maxYawDegrees, abs(face.pitch ?? 0) <= thresholds.maxPitchDegrees else { return nil }
        let distance = sample.descriptor.distance(to: enrolment)
        let limit = thresholds.identityMaxDistance
        return .init(holds: distance > limit, confidence: distance > limit ? min(1, 0.5 + (distance - limit)) : 0)
    }

    private mutating func enrol(_ sample: IdentitySample, face: FaceObservation, faceCount: Int) {
        let limit = thresholds.identityEnrolmentMaxDegrees
        guard faceCount == 1, sample.sharpness >= thresholds.identityMinSharpness,
              let yaw = face.yaw, let pitch = face.pitch, abs(yaw) <= limit, abs(pitch) <= thresholds.maxPitchDegrees else { return }
        enrolling.append(sample.descriptor)
        guard enrolling.count >= thresholds.identityEnrolmentFrames, let mean = FaceDescriptor.mean(enrolling) else { return }
        // One person in every frame: drop the frame furthest from the others and wait for another
        // when they disagree (someone walked past, the candidate swapped seats while enrolling).
        let distances = enrolling.map { $0.distance(to: mean) }
        if let worst = distances.indices.max(by: { distances[$0] < distances[$1] }), distances[worst] > thresholds.identityMaxDistance / 2 {
            enrolling.remove(at: worst)
            return
        }
        enrolment = mean
        enrolling = []
    }
}
