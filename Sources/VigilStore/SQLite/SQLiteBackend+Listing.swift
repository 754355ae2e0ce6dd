import Foundation
import GRDB
import VigilCore

/// The operator's list of sessions: newest first, paged by a cursor session, filtered by stage.
extension SQLiteBackend {
    /// Up to `limit` sessions created before `before` (in the list's order: newest first, ties by
    /// id), of the given stage when one is named.
    func listSessions(limit: Int, before cursor: SessionInfo? = nil, stage: SessionStage? = nil) async throws(StoreError) -> [ListedSession] {
        var conditions: [String] = []
        var values: [DatabaseValue] = []
        if let cursor {
            conditions.append("(created_at < ? OR (created_at = ? AND id < ?))")
            values += [cursor.createdAt.storedValue.databaseValue, cursor.createdAt.storedValue.databaseValue, cursor.id.databaseValue]
        }
        switch stage {
        case .created?: conditions.append("ended_at IS NULL AND joined_at IS NULL")
        case .live?: conditions.append("ended_at IS NULL AND joined_at IS NOT NULL")
        case .ended?: conditions.append("ended_at IS NOT NULL")
        case nil: break
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        values.append(limit.databaseValue)
        let bound = values
        let sql = "SELECT * FROM session \(filter) ORDER BY created_at DESC, id DESC LIMIT ?"
        return try await read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(bound)).map { row in
                ListedSession(
                    info: SessionInfo(
                        id: row["id"], title: row["title"], candidateName: row["candidate_name"],
                        interviewerName: row["interviewer_name"], createdAt: Date(stored: row["created_at"]),
                        endedAt: (row["ended_at"] as Double?).map(Date.init(stored:))),
                    joinedAt: (row["joined_at"] as Double?).map(Date.init(stored:)))
            }
        }
    }

    /// Notes that a page joined the session's call; only the first join is kept.
    func markJoined(_ id: String, at now: Date) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "UPDATE session SET joined_at = ? WHERE id = ? AND joined_at IS NULL",
                           arguments: [now.storedValue, id])
        }
    }

    /// When a page first joined the session's call (nil: nobody yet, or no such session).
    func joinedAt(_ id: String) async throws(StoreError) -> Date? {
        try await read { db in
            try Double.fetchOne(db, sql: "SELECT joined_at FROM session WHERE id = ?", arguments: [id]).map(Date.init(stored:))
        }
    }
}
