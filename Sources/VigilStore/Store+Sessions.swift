import Foundation
import VigilCore

extension Store {
    /// Creates a session with one new token per role; only the tokens' hashes are stored.
    public func createSession(title: String?, candidateName: String, interviewerName: String, at now: Date) async throws(StoreError) -> CreatedSession {
        let (info, tokens, hashed) = Self.newSession(title: title, candidateName: candidateName, interviewerName: interviewerName, at: now)
        try await backend.insertSession(info, tokenHashes: hashed)
        return CreatedSession(info: info, tokens: tokens)
    }

    /// A new session's facts and one new token per role, with the hashes that are stored.
    static func newSession(title: String?, candidateName: String, interviewerName: String, at now: Date)
        -> (SessionInfo, [ParticipantRole: String], [(role: String, hash: Data)]) {
        let info = SessionInfo(
            id: UUID().uuidString.lowercased(), title: title, candidateName: candidateName,
            interviewerName: interviewerName, createdAt: Date(stored: now.storedValue))
        var tokens: [ParticipantRole: String] = [:]
        for role in ParticipantRole.allCases { tokens[role] = TokenHasher.newToken() }
        return (info, tokens, tokens.map { (role: $0.key.rawValue, hash: TokenHasher.hash($0.value)) })
    }

    public func session(id: String) async throws(StoreError) -> SessionInfo? {
        try await backend.session(id: id)
    }

    /// The role a token grants in this session, or nil when it grants none. Every stored hash of
    /// the session is compared in constant time.
    public func role(of token: String, in sessionID: String) async throws(StoreError) -> ParticipantRole? {
        let presented = TokenHasher.hash(token)
        let rows = try await backend.roleTokenHashes(session: sessionID)
        var found: ParticipantRole?
        for row in rows where TokenHasher.constantTimeEqual(row.hash, presented) {
            found = ParticipantRole(rawValue: row.role)
        }
        return found
    }

    /// Whether the token is any session's (by its hash, which has a unique index). Lets the API
    /// answer "no such session" only to callers holding some credential.
    public func isKnownToken(_ token: String) async throws(StoreError) -> Bool {
        try await backend.isKnownToken(TokenHasher.hash(token))
    }

    /// Ends the session and closes its open events at the end time, in one transaction.
    public func endSession(id: String, at now: Date) async throws(StoreError) -> SessionInfo {
        try await backend.endSession(id: id, at: now)
    }

    public func sessionCount() async throws(StoreError) -> Int {
        try await backend.sessionCount()
    }
}
