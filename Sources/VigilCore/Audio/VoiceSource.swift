/// Whose microphone a stretch of audio came from. The candidate's is judged; the interviewer's
/// only tells when a voice on the candidate's microphone may be the interviewer's, played by the
/// candidate's speakers (echo).
public enum VoiceSource: String, Sendable, Codable, CaseIterable {
    case candidate
    case interviewer
}
