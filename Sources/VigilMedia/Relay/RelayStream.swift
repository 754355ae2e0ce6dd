import VigilCore

/// A medium the relay forwards from one participant to others.
public enum RelayStream: String, Sendable, CaseIterable, Codable {
    /// The candidate's camera, decoded once and re-encoded (with the alert overlay) for receivers.
    case candidateVideo = "candidate_video"
    case candidateAudio = "candidate_audio"
    /// The interviewer's camera, passed through without decoding.
    case interviewerVideo = "interviewer_video"
    case interviewerAudio = "interviewer_audio"

    public enum Kind: String, Sendable { case video, audio }

    public var kind: Kind {
        switch self {
        case .candidateVideo, .interviewerVideo: .video
        case .candidateAudio, .interviewerAudio: .audio
        }
    }

    /// The stream a participant of `role` sends for `kind`; proctors send nothing.
    static func sent(by role: ParticipantRole, kind: Kind) -> RelayStream? {
        switch (role, kind) {
        case (.candidate, .video): .candidateVideo
        case (.candidate, .audio): .candidateAudio
        case (.interviewer, .video): .interviewerVideo
        case (.interviewer, .audio): .interviewerAudio
        case (.proctor, _): nil
        }
    }

    /// What a participant of `role` receives: the candidate sees and hears the interviewer; the
    /// interviewer sees and hears the candidate; every proctor sees the candidate and hears both
    /// (the interviewer's audio on a second audio track).
    static func received(by role: ParticipantRole) -> [RelayStream] {
        switch role {
        case .candidate: [.interviewerVideo, .interviewerAudio]
        case .interviewer: [.candidateVideo, .candidateAudio]
        case .proctor: [.candidateVideo, .candidateAudio, .interviewerAudio]
        }
    }
}
