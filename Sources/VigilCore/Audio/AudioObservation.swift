/// What both microphones sounded like around the moment of one analysed video frame, as the
/// audio rules need it. Attached to an `Observation` by the live loop (nil where no audio is
/// measured, e.g. `vigil analyze` of a file without an audio track).
public struct AudioObservation: Sendable, Codable, Equatable {
    /// The candidate's microphone held speech for most of the last half second.
    public var candidateSpeaking: Bool
    /// The share (0...1) of the last half second the candidate's microphone held speech.
    public var candidateSpeechShare: Double
    /// Nothing above the silence level reached the candidate's microphone in the last second
    /// (muted, unplugged, or no audio arriving at all).
    public var candidateSilent: Bool
    /// The interviewer spoke within the echo window around this moment.
    public var interviewerSpeaking: Bool

    public init(candidateSpeaking: Bool, candidateSpeechShare: Double, candidateSilent: Bool, interviewerSpeaking: Bool) {
        self.candidateSpeaking = candidateSpeaking
        self.candidateSpeechShare = candidateSpeechShare
        self.candidateSilent = candidateSilent
        self.interviewerSpeaking = interviewerSpeaking
    }
}
