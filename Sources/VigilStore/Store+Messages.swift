import Foundation

/// Messages to the candidate: stored before they are delivered, refused once the session ended.
extension Store {
    public func insertMessage(session id: String, sender: String, text: String, at now: Date) async throws(StoreError) -> CandidateMessage {
        try await backend.insertMessage(session: id, sender: sender, text: text, at: now)
    }

    /// The session's messages to the candidate, oldest first.
    public func messages(session id: String) async throws(StoreError) -> [CandidateMessage] {
        try await backend.messages(session: id)
    }
}
