/// The tracks of a session's recording, in the order the WebM file lists them.
enum RecordingTrack: String, Sendable, CaseIterable {
    /// The candidate's camera as received (VP8, never decoded for the recording).
    case video
    /// The candidate's microphone as received (Opus).
    case candidateAudio = "candidate_audio"
    /// The interviewer's microphone as received (Opus), so a reviewer hears the questions.
    case interviewerAudio = "interviewer_audio"

    /// The track an audio stream of the relay is recorded on.
    init?(_ stream: RelayStream) {
        switch stream {
        case .candidateAudio: self = .candidateAudio
        case .interviewerAudio: self = .interviewerAudio
        case .candidateVideo, .interviewerVideo: return nil
        }
    }
}
