import Foundation
import GRDB
import VigilCore

extension Store {
    public func createSession(title: String?, candidateName: String, interviewerName: String, at now: Date) async throws(StoreError) -> CreatedSession {
        let info = SessionInfo(
            id: UUID().uuidString.lowercased(), title: title, candidateName: candidateName,
            interviewerName: interviewerName, createdAt: Date(stored: now.storedValue))
        var tokens: [ParticipantRole: String] = [:]
        for role in ParticipantRole.allCases { tokens[role] = TokenHasher.newToken() }
        let hashed = tokens.map { ($0.key.rawValue, TokenHasher.hash($0.value)) }
        try await write { db in
            try db.execute(
                sql: "INSERT INTO session (id, title, candidate_name, interviewer_name, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [info.id, info.title, info.candidateName, info.interviewerName, now.storedValue])
            for (role, hash) in hashed {
                try db.execute(
                    sql: "INSERT INTO role_token (session_id, role, token_sha256) VALUES (?, ?, ?)",
                    arguments: [info.id, role, hash])
            }
        }
        return CreatedSession(info: info, tokens: tokens)
    }

    public func session(id: String) async throws(StoreError) -> SessionInfo? {
        try await read { db in try Self.fetchSession(db, id: id) }
    }

    /// The role a token grants in this session, or nil when it grants none. Every stored hash of
    /// the session is compared in constant time.
    public func role(of token: String, in sessionID: String) async throws(StoreError) -> ParticipantRole? {
        let presented = TokenHasher.hash(token)
        let rows = try await read { db in
            try Row.fetchAll(db, sql: "SELECT role, token_sha256 FROM role_token WHERE session_id = ?", arguments: [sessionID])
                .map { (role: $0["role"] as String, hash: $0["token_sha256"] as Data) }
        }
        var found: ParticipantRole?
        for row in rows where TokenHasher.constantTimeEqual(row.hash, presented) {
            found = ParticipantRole(rawValue: row.role)
        }
        return found
    }

    /// Whether the token is any session's (by its hash, which has a unique index). Lets the API
    /// answer "no such session" only to callers holding some credential.
    public func isKnownToken(_ token: String) async throws(StoreError) -> Bool {
        let hash = TokenHasher.hash(token)
        return try await read { db in
            try Int.fetchOne(db, sql: "SELECT 1 FROM role_token WHERE token_sha256 = ?", arguments: [hash]) != nil
        }
    }

    /// Ends the session and closes its open events at the end time, in one transaction.
    public func endSession(id: String, at now: Date) async throws(StoreError) -> SessionInfo {
        try await write { db in
            guard var info = try Self.fetchSession(db, id: id) else { throw StoreError.sessionNotFound(id) }
            if let ended = info.endedAt { throw StoreError.sessionEnded(id, at: ended) }
            let end = Date(stored: max(now, info.createdAt).storedValue)
            try db.execute(sql: "UPDATE session SET ended_at = ? WHERE id = ?", arguments: [end.storedValue, id])
            try db.execute(
                sql: "UPDATE event SET end_at = MAX(start_at, ?) WHERE session_id = ? AND end_at IS NULL",
                arguments: [end.storedValue, id])
            info.endedAt = end
            return info
        }
    }

    public func sessionCount() async throws(StoreError) -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM session") ?? 0 }
    }

    static func fetchSession(_ db: Database, id: String) throws -> SessionInfo? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM session WHERE id = ?", arguments: [id]) else { return nil }
        return SessionInfo(
            id: row["id"], title: row["title"], candidateName: row["candidate_name"],
            interviewerName: row["interviewer_name"], createdAt: Date(stored: row["created_at"]),
            endedAt: (row["ended_at"] as Double?).map(Date.init(stored:)))
    }
}
