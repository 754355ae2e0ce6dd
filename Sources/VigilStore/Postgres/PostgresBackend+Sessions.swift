import Foundation
import NIOCore
import PostgresNIO
import VigilCore

extension PostgresBackend {
    func insertSession(_ info: SessionInfo, tokenHashes: [(role: String, hash: Data)]) async throws(StoreError) {
        try await write { connection in try await Self.insertSessionRows(connection, info, tokenHashes: tokenHashes, node: nil, logger: logger) }
    }

    /// The session's row (placed on `node` when given) and its token hashes, in the caller's transaction.
    static func insertSessionRows(_ connection: PostgresConnection, _ info: SessionInfo, tokenHashes: [(role: String, hash: Data)],
                                  node: String?, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO session (id, title, candidate_name, interviewer_name, created_at, node_id)
            VALUES (\(info.id), \(info.title), \(info.candidateName), \(info.interviewerName), \(info.createdAt.storedValue), \(node))
            """, logger: logger)
        for (role, hash) in tokenHashes {
            try await connection.query(
                "INSERT INTO role_token (session_id, role, token_sha256) VALUES (\(info.id), \(role), \(hash))", logger: logger)
        }
    }

    func session(id: String) async throws(StoreError) -> SessionInfo? {
        try await read { connection in try await Self.fetchSession(connection, id: id, logger: logger) }
    }

    func roleTokenHashes(session id: String) async throws(StoreError) -> [(role: String, hash: Data)] {
        try await read("SELECT role, token_sha256 FROM role_token WHERE session_id = \(id)").map { row throws(StoreError) in
            (role: try row.value("role", String.self), hash: try row.value("token_sha256", Data.self))
        }
    }

    func isKnownToken(_ hash: Data) async throws(StoreError) -> Bool {
        let rows = try await read("SELECT 1 FROM role_token WHERE token_sha256 = \(ByteBuffer(bytes: hash))")
        return !rows.isEmpty
    }

    func endSession(id: String, at now: Date) async throws(StoreError) -> SessionInfo {
        try await write { connection in
            // FOR UPDATE: an event being inserted (which holds the row FOR SHARE) commits first,
            // so the UPDATE of open events below sees it and closes it too.
            guard var info = try await Self.fetchSession(connection, id: id, lock: "FOR UPDATE", logger: logger) else {
                throw StoreError.sessionNotFound(id)
            }
            if let ended = info.endedAt { throw StoreError.sessionEnded(id, at: ended) }
            let end = Date(stored: max(now, info.createdAt).storedValue)
            try await connection.query("UPDATE session SET ended_at = \(end.storedValue) WHERE id = \(id)", logger: logger)
            try await connection.query("""
                UPDATE event SET end_at = GREATEST(start_at, \(end.storedValue)) WHERE session_id = \(id) AND end_at IS NULL
                """, logger: logger)
            info.endedAt = end
            return info
        }
    }

    func sessionCount() async throws(StoreError) -> Int {
        try await read("SELECT COUNT(*) AS n FROM session").first?.value("n", Int.self) ?? 0
    }

    /// The session's row, locked `FOR SHARE` or `FOR UPDATE` for the rest of the transaction when asked.
    static func fetchSession(_ connection: PostgresConnection, id: String, lock: String = "", logger: Logger) async throws -> SessionInfo? {
        var query: PostgresQuery = "SELECT * FROM session WHERE id = \(id) "
        query.sql += lock
        guard let row = try await connection.rows(query, logger: logger).first else { return nil }
        return try sessionInfo(row)
    }

    static func sessionInfo(_ row: PostgresRandomAccessRow) throws(StoreError) -> SessionInfo {
        SessionInfo(
            id: try row.value("id"), title: try row.value("title"), candidateName: try row.value("candidate_name"),
            interviewerName: try row.value("interviewer_name"), createdAt: Date(stored: try row.value("created_at")),
            endedAt: try row.date("ended_at"))
    }
}
