/// The candidate's own neutral head pose, learned over the first seconds in which a face is seen:
/// a webcam above or below the screen tilts everyone's pitch by several degrees, so looking away
/// and looking down are judged against how this candidate sits, not against the camera's axis.
/// Frames already past the plain looking-away limits (yaw 30°, pitch 35°) are not sampled, and
/// the median of the rest is kept (a glance aside while it learns does not move it); a median
/// further than `RuleThresholds.maxNeutralOffsetDegrees` from straight ahead is not
/// trusted, and the rules keep judging against straight ahead.
public struct NeutralPose: Sendable, Equatable {
    /// Degrees, as `FaceObservation` measures them.
    public struct Angles: Sendable, Equatable {
        public var pitch: Double
        public var yaw: Double

        public init(pitch: Double, yaw: Double) {
            self.pitch = pitch
            self.yaw = yaw
        }

        public static let straightAhead = Angles(pitch: 0, yaw: 0)
    }

    public let learningSeconds: Double
    public let maxOffset: Double
    private let maxYaw: Double
    private let maxPitch: Double
    private var firstSeen: Double?
    private var pitches: [Double] = []
    private var yaws: [Double] = []
    /// The learned pose once the learning time is over (straight ahead if it was not trusted).
    public private(set) var learned: Angles?

    public init(thresholds: RuleThresholds) {
        learningSeconds = thresholds.neutralPoseSeconds
        maxOffset = thresholds.maxNeutralOffsetDegrees
        maxYaw = thresholds.maxYawDegrees
        maxPitch = thresholds.maxPitchDegrees
    }

    /// What to judge a frame against: the learned pose, or straight ahead while still learning.
    public var reference: Angles { learned ?? .straightAhead }
    /// True once a trusted neutral pose was learned (then looking down has its own limit).
    public private(set) var calibrated = false

    /// Feeds the primary face's pose of one frame at `time`.
    public mutating func observe(time: Double, pitch: Double?, yaw: Double?) {
        guard learned == nil, let pitch, let yaw else { return }
        let start = firstSeen ?? time
        firstSeen = start
        if time - start <= learningSeconds {
            guard abs(pitch) <= maxPitch, abs(yaw) <= maxYaw else { return }
            pitches.append(pitch)
            yaws.append(yaw)
            return
        }
        guard !pitches.isEmpty else { return }
        let median = Angles(pitch: Self.median(pitches), yaw: Self.median(yaws))
        let trusted = abs(median.pitch) <= maxOffset && abs(median.yaw) <= maxOffset
        learned = trusted ? median : .straightAhead
        calibrated = trusted
        pitches = []
        yaws = []
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
