import Foundation
import PostgresNIO

extension PostgresBackend {
    func heartbeat(at now: Date) async throws(StoreError) {
        _ = try await write("""
            INSERT INTO server_heartbeat (id, at) VALUES (1, \(now.storedValue)) ON CONFLICT (id) DO UPDATE SET at = excluded.at
            """)
    }

    func recoverInterruptedEvents(now: Date) async throws(StoreError) -> Recovery {
        try await write { connection in
            let lastAlive = try await connection.rows("SELECT at FROM server_heartbeat WHERE id = 1", logger: logger).first?.date("at")
            let end = (lastAlive ?? now).storedValue
            let closed = try await connection.rows("""
                UPDATE event SET end_at = GREATEST(start_at, \(end)), interrupted = 1 WHERE end_at IS NULL RETURNING id
                """, logger: logger)
            return Recovery(interruptedEvents: closed.count, lastAlive: lastAlive)
        }
    }

    func deleteSession(id: String) async throws(StoreError) -> Bool {
        let deleted = try await write("DELETE FROM session WHERE id = \(id) RETURNING id")
        return !deleted.isEmpty
    }

    func purgeSessions(before cutoff: Date) async throws(StoreError) -> [String] {
        try await write("DELETE FROM session WHERE COALESCE(ended_at, created_at) < \(cutoff.storedValue) RETURNING id").map {
            row throws(StoreError) in try row.value("id", String.self)
        }
    }
}
