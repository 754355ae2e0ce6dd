import Foundation

/// A short message a proctor sent to the candidate during the call, kept with the session.
public struct CandidateMessage: Sendable, Equatable, Codable {
    public var id: Int64
    /// Who sent it: "admin", "proctor" or "interviewer".
    public var sender: String
    public var text: String
    public var at: Date

    public init(id: Int64, sender: String, text: String, at: Date) {
        self.id = id
        self.sender = sender
        self.text = text
        self.at = at
    }
}
