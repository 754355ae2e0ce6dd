/// One tunable number of `RuleThresholds` under its wire name (the property in snake_case), with
/// the range a session's policy may set it to: wide enough for any sensible interview, narrow
/// enough that a typo (a minus sign, milliseconds for seconds) is refused rather than obeyed.
public struct PolicyThreshold {
    public let name: String
    public let range: ClosedRange<Double>
    /// Whole numbers only (frame counts).
    public let whole: Bool
    let get: (RuleThresholds) -> Double
    let set: (inout RuleThresholds, Double) -> Void

    init(_ name: String, _ path: WritableKeyPath<RuleThresholds, Double>, _ range: ClosedRange<Double>) {
        self.name = name
        self.range = range
        whole = false
        get = { $0[keyPath: path] }
        set = { $0[keyPath: path] = $1 }
    }

    init(_ name: String, _ path: WritableKeyPath<RuleThresholds, Int>, _ range: ClosedRange<Double>) {
        self.name = name
        self.range = range
        whole = true
        get = { Double($0[keyPath: path]) }
        set = { $0[keyPath: path] = Int($1) }
    }

    public func value(in thresholds: RuleThresholds) -> Double { get(thresholds) }

    /// Every threshold, in `RuleThresholds` order.
    public static var all: [PolicyThreshold] {
        let seconds = 0.0...3600, degrees = 0.0...90, unit = 0.0...1, frames = 1.0...100
        return [
            .init("looking_away_seconds", \.lookingAwaySeconds, seconds),
            .init("no_face_seconds", \.noFaceSeconds, seconds),
            .init("multiple_faces_seconds", \.multipleFacesSeconds, seconds),
            .init("eyes_closed_seconds", \.eyesClosedSeconds, seconds),
            .init("object_window", \.objectWindow, frames),
            .init("object_min_hits", \.objectMinHits, frames),
            .init("object_clear_frames", \.objectClearFrames, frames),
            .init("object_min_score", \.objectMinScore, unit),
            .init("max_yaw_degrees", \.maxYawDegrees, degrees),
            .init("max_pitch_degrees", \.maxPitchDegrees, degrees),
            .init("max_gaze_offset", \.maxGazeOffset, 0...2),
            .init("eyes_closed_below", \.eyesClosedBelow, unit),
            .init("release_seconds", \.releaseSeconds, 0...60),
            .init("phone_at_ear_seconds", \.phoneAtEarSeconds, seconds),
            .init("max_pitch_down_degrees", \.maxPitchDownDegrees, degrees),
            .init("neutral_pose_seconds", \.neutralPoseSeconds, 0...600),
            .init("max_neutral_offset_degrees", \.maxNeutralOffsetDegrees, degrees),
            .init("person_min_score", \.personMinScore, unit),
            .init("background_voice_seconds", \.backgroundVoiceSeconds, seconds),
            .init("lips_still_below", \.lipsStillBelow, unit),
            .init("lips_window_seconds", \.lipsWindowSeconds, 0.1...60),
            .init("interviewer_echo_seconds", \.interviewerEchoSeconds, 0...60),
            .init("no_audio_seconds", \.noAudioSeconds, seconds),
            .init("silence_below_decibels", \.silenceBelowDecibels, -120...0),
            .init("identity_mismatch_seconds", \.identityMismatchSeconds, seconds),
            .init("identity_max_distance", \.identityMaxDistance, 0.01...2),
            .init("identity_enrolment_frames", \.identityEnrolmentFrames, frames),
            .init("identity_enrolment_max_degrees", \.identityEnrolmentMaxDegrees, degrees),
            .init("identity_min_sharpness", \.identityMinSharpness, 0...10000),
        ]
    }

    public static var wireNames: String { all.map(\.name).joined(separator: ", ") }
}
