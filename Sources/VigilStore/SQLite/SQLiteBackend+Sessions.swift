import Foundation
import GRDB
import VigilCore

extension SQLiteBackend {
    func insertSession(_ info: SessionInfo, tokenHashes hashed: [(role: String, hash: Data)]) async throws(StoreError) {
        try await write { db in try Self.insertSessionRows(db, info, tokenHashes: hashed, node: nil) }
    }

    /// The session's row (placed on `node` when given) and its token hashes, in the caller's transaction.
    static func insertSessionRows(_ db: Database, _ info: SessionInfo, tokenHashes hashed: [(role: String, hash: Data)], node: String?) throws {
        try db.execute(
            sql: "INSERT INTO session (id, title, candidate_name, interviewer_name, created_at, node_id) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [info.id, info.title, info.candidateName, info.interviewerName, info.createdAt.storedValue, node])
        for (role, hash) in hashed {
            try db.execute(
                sql: "INSERT INTO role_token (session_id, role, token_sha256) VALUES (?, ?, ?)",
                arguments: [info.id, role, hash])
        }
    }

    func session(id: String) async throws(StoreError) -> SessionInfo? {
        try await read { db in try Self.fetchSession(db, id: id) }
    }

    func roleTokenHashes(session sessionID: String) async throws(StoreError) -> [(role: String, hash: Data)] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT role, token_sha256 FROM role_token WHERE session_id = ?", arguments: [sessionID])
                .map { (role: $0["role"] as String, hash: $0["token_sha256"] as Data) }
        }
    }

    /// Whether the token is any session's (by its hash, which has a unique index). Lets the API
    /// answer "no such session" only to callers holding some credential.
    func isKnownToken(_ hash: Data) async throws(StoreError) -> Bool {
        try await read { db in
            try Int.fetchOne(db, sql: "SELECT 1 FROM role_token WHERE token_sha256 = ?", arguments: [hash]) != nil
        }
    }

    /// Ends the session and closes its open events at the end time, in one transaction.
    func endSession(id: String, at now: Date) async throws(StoreError) -> SessionInfo {
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

    func sessionCount() async throws(StoreError) -> Int {
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
