import Foundation
import GRDB

extension SQLiteBackend {
    /// Records that the server is alive now; called every few seconds, so a crash is dated to
    /// within that interval.
    func heartbeat(at now: Date = Date()) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "INSERT INTO server_heartbeat (id, at) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET at = excluded.at",
                           arguments: [now.storedValue])
        }
    }

    /// Closes events a previous server left open: no server watched them since, so they end at
    /// its last heartbeat and are marked interrupted. Their sessions stay live and can resume.
    func recoverInterruptedEvents(now: Date = Date()) async throws(StoreError) -> Recovery {
        try await write { db in
            let lastAlive = try Double.fetchOne(db, sql: "SELECT at FROM server_heartbeat WHERE id = 1").map(Date.init(stored:))
            let end = (lastAlive ?? now).storedValue
            try db.execute(sql: """
                UPDATE event SET end_at = MAX(start_at, ?), interrupted = 1
                WHERE end_at IS NULL
                """, arguments: [end])
            return Recovery(interruptedEvents: db.changesCount, lastAlive: lastAlive)
        }
    }

    /// Deletes a session with its tokens, events, snapshots and reviews. Returns whether it existed.
    @discardableResult
    func deleteSession(id: String) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM session WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    /// Deletes every session that ended (or, if never ended, was created) before `cutoff`.
    /// Returns the ids deleted.
    func purgeSessions(before cutoff: Date) async throws(StoreError) -> [String] {
        try await write { db in
            let ids = try String.fetchAll(db, sql: "SELECT id FROM session WHERE COALESCE(ended_at, created_at) < ?",
                                          arguments: [cutoff.storedValue])
            for id in ids { try db.execute(sql: "DELETE FROM session WHERE id = ?", arguments: [id]) }
            return ids
        }
    }
}
