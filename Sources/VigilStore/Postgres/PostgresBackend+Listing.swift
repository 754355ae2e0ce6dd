import Foundation
import PostgresNIO
import VigilCore

extension PostgresBackend {
    func listSessions(limit: Int, before cursor: SessionInfo?, stage: SessionStage?) async throws(StoreError) -> [ListedSession] {
        var conditions: [String] = []
        var binds = PostgresBindings()
        if let cursor {
            binds.append(cursor.createdAt.storedValue)
            binds.append(cursor.id)
            conditions.append("(created_at < $1 OR (created_at = $1 AND id < $2))")
        }
        switch stage {
        case .created?: conditions.append("ended_at IS NULL AND joined_at IS NULL")
        case .live?: conditions.append("ended_at IS NULL AND joined_at IS NOT NULL")
        case .ended?: conditions.append("ended_at IS NOT NULL")
        case nil: break
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        binds.append(limit)
        let query = PostgresQuery(
            unsafeSQL: "SELECT * FROM session \(filter) ORDER BY created_at DESC, id DESC LIMIT $\(binds.count)", binds: binds)
        return try await read(query).map { row throws(StoreError) in
            ListedSession(info: try Self.sessionInfo(row), joinedAt: try row.date("joined_at"))
        }
    }

    func markJoined(_ id: String, at now: Date) async throws(StoreError) {
        _ = try await write("UPDATE session SET joined_at = \(now.storedValue) WHERE id = \(id) AND joined_at IS NULL")
    }

    func joinedAt(_ id: String) async throws(StoreError) -> Date? {
        try await read("SELECT joined_at FROM session WHERE id = \(id)").first?.date("joined_at")
    }
}
