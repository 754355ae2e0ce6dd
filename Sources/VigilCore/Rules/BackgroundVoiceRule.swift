/// `background_voice`: speech on the candidate's microphone while the candidate's lips stay
/// still and the interviewer is silent — someone else talking in the candidate's room (a helper,
/// someone dictating). The lips are judged from the change of the mouth opening over the last
/// `lipsWindowSeconds`, not from one frame: a mouth that is open but not moving is not talking.
/// Frames without audio measured say nothing; frames without a measured face do not hold (the
/// `no_face` rule covers an empty seat).
public struct BackgroundVoiceRule: Sendable {
    public let thresholds: RuleThresholds
    private var sustained: SustainedConditionRule
    private var mouth: [(time: Double, open: Double)] = []

    public init(thresholds: RuleThresholds) {
        self.thresholds = thresholds
        sustained = SustainedConditionRule(kind: .backgroundVoice, minimum: thresholds.backgroundVoiceSeconds,
                                           inclusive: true, release: thresholds.releaseSeconds)
    }

    public var openEvent: DetectedEvent? { sustained.openEvent }

    /// Whether the lips moved over the window ending at the last frame (nil: too few frames with
    /// a measured mouth to tell).
    public var lipsMoving: Bool? {
        guard let first = mouth.first, let last = mouth.last,
              last.time - first.time >= thresholds.lipsWindowSeconds / 2 else { return nil }
        let openings = mouth.map(\.open)
        return (openings.max()! - openings.min()!) >= thresholds.lipsStillBelow
    }

    public mutating func step(_ observation: Observation) -> RuleTransition? {
        let t = observation.time
        if let open = observation.primaryFace?.mouthOpen {
            mouth.append((t, open))
        } else {
            mouth.removeAll()
        }
        mouth.removeAll { $0.time < t - thresholds.lipsWindowSeconds }
        guard let audio = observation.audio else { return nil }
        let holds = audio.candidateSpeaking && !audio.interviewerSpeaking && lipsMoving == false
        return sustained.step(time: t, holds: holds, confidence: audio.candidateSpeechShare)
    }

    public mutating func finish(at time: Double) -> RuleTransition? { sustained.finish(at: time) }
}
