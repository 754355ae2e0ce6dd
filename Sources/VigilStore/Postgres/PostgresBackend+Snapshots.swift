import Foundation
import PostgresNIO

extension PostgresBackend {
    func saveSnapshot(_ jpeg: Data, event eventID: Int64, at now: Date) async throws(StoreError) -> Snapshot {
        let digest = TokenHasher.sha256Hex(jpeg)
        return try await write { connection in
            guard try await !connection.rows("SELECT 1 FROM event WHERE id = \(eventID) FOR SHARE", logger: logger).isEmpty else {
                throw StoreError.eventNotFound(eventID, session: nil)
            }
            let rows = try await connection.rows("""
                INSERT INTO snapshot (event_id, sha256, jpeg, created_at) VALUES (\(eventID), \(digest), \(jpeg), \(now.storedValue))
                RETURNING id
                """, logger: logger)
            return Snapshot(id: try rows[0].value("id"), eventID: eventID, sha256: digest, jpeg: jpeg)
        }
    }

    func snapshots(event eventID: Int64) async throws(StoreError) -> [Snapshot] {
        try await read("SELECT * FROM snapshot WHERE event_id = \(eventID) ORDER BY id").map(Self.snapshot(from:))
    }

    func snapshot(_ snapshotID: Int64, session id: String) async throws(StoreError) -> Snapshot? {
        try await read("""
            SELECT s.* FROM snapshot s JOIN event e ON e.id = s.event_id WHERE s.id = \(snapshotID) AND e.session_id = \(id)
            """).first.map(Self.snapshot(from:))
    }

    func snapshots(session id: String) async throws(StoreError) -> [Int64: Snapshot] {
        let rows = try await read("SELECT s.* FROM snapshot s JOIN event e ON e.id = s.event_id WHERE e.session_id = \(id)")
        var result: [Int64: Snapshot] = [:]
        for row in rows {
            let snapshot = try Self.snapshot(from: row)
            result[snapshot.id] = snapshot
        }
        return result
    }

    static func snapshot(from row: PostgresRandomAccessRow) throws(StoreError) -> Snapshot {
        Snapshot(id: try row.value("id"), eventID: try row.value("event_id"), sha256: try row.value("sha256"), jpeg: try row.value("jpeg"))
    }
}
