/// Who holds a join link. Each role gets its own secret token, and each route says which roles
/// may use it.
public enum ParticipantRole: String, Codable, Sendable, CaseIterable {
    case candidate
    case interviewer
    case proctor
}
