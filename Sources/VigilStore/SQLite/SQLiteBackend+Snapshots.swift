import Foundation
import GRDB

extension SQLiteBackend {
    /// Stores JPEG bytes for an event with their SHA-256, which reports print so evidence can be
    /// checked against tampering.
    @discardableResult
    func saveSnapshot(_ jpeg: Data, event eventID: Int64, at now: Date = Date()) async throws(StoreError) -> Snapshot {
        let digest = TokenHasher.sha256Hex(jpeg)
        return try await write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM event WHERE id = ?", arguments: [eventID]) != nil else {
                throw StoreError.eventNotFound(eventID, session: nil)
            }
            try db.execute(
                sql: "INSERT INTO snapshot (event_id, sha256, jpeg, created_at) VALUES (?, ?, ?, ?)",
                arguments: [eventID, digest, jpeg, now.storedValue])
            return Snapshot(id: db.lastInsertedRowID, eventID: eventID, sha256: digest, jpeg: jpeg)
        }
    }

    func snapshots(event eventID: Int64) async throws(StoreError) -> [Snapshot] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM snapshot WHERE event_id = ? ORDER BY id", arguments: [eventID]).map {
                Snapshot(id: $0["id"], eventID: $0["event_id"], sha256: $0["sha256"], jpeg: $0["jpeg"])
            }
        }
    }

    /// The JPEG of one snapshot, if it belongs to an event of this session.
    func snapshot(_ snapshotID: Int64, session id: String) async throws(StoreError) -> Snapshot? {
        try await read { db in
            try Row.fetchOne(db, sql: """
                SELECT s.* FROM snapshot s JOIN event e ON e.id = s.event_id
                WHERE s.id = ? AND e.session_id = ?
                """, arguments: [snapshotID, id]).map {
                Snapshot(id: $0["id"], eventID: $0["event_id"], sha256: $0["sha256"], jpeg: $0["jpeg"])
            }
        }
    }

    /// Every snapshot of a session by id, for reports that embed the evidence.
    func snapshots(session id: String) async throws(StoreError) -> [Int64: Snapshot] {
        try await read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT s.* FROM snapshot s JOIN event e ON e.id = s.event_id WHERE e.session_id = ?
                """, arguments: [id])
            var result: [Int64: Snapshot] = [:]
            for row in rows {
                let snapshot = Snapshot(id: row["id"], eventID: row["event_id"], sha256: row["sha256"], jpeg: row["jpeg"])
                result[snapshot.id] = snapshot
            }
            return result
        }
    }
}
