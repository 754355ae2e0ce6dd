import Foundation
import PostgresNIO

extension PostgresBackend {
    /// Like SQLite's INSERT OR REPLACE: a second plan starts the row afresh.
    func planRecording(session id: String, record: Bool) async throws(StoreError) {
        let state = record ? RecordingRecord.State.pending.rawValue : RecordingRecord.State.off.rawValue
        _ = try await write("""
            INSERT INTO recording (session_id, state) VALUES (\(id), \(state))
            ON CONFLICT (session_id) DO UPDATE SET state = excluded.state, file = NULL, started_at = NULL, ended_at = NULL,
                duration_seconds = NULL, bytes = NULL, sha256 = NULL, note = NULL, node_id = NULL
            """)
    }

    func recording(session id: String) async throws(StoreError) -> RecordingRecord? {
        try await read("SELECT * FROM recording WHERE session_id = \(id)").first.map(Self.recordingRecord)
    }

    func recordingFiles() async throws(StoreError) -> [String] {
        try await read("SELECT file FROM recording WHERE file IS NOT NULL").map { row throws(StoreError) in try row.value("file", String.self) }
    }

    func refuseRecording(session id: String, reason: String) async throws(StoreError) {
        _ = try await write("UPDATE recording SET state = 'refused', note = \(reason) WHERE session_id = \(id)")
    }

    func recordingStarted(session id: String, file: String, node: String?, at startedAt: Date) async throws(StoreError) {
        // Only a pending recording starts: one already closed (a session ended at once) stays closed.
        _ = try await write("""
            UPDATE recording SET state = 'recording', file = \(file), node_id = \(node), started_at = \(startedAt.storedValue)
            WHERE session_id = \(id) AND state = 'pending'
            """)
    }

    func closeRecording(session id: String, path: String, durationSeconds: Double?, state: RecordingRecord.State,
                        note: String?, at now: Date) async throws(StoreError) {
        let digest = FileDigest(path: path)
        _ = try await write("""
            UPDATE recording SET state = \(state.rawValue), ended_at = \(now.storedValue), duration_seconds = \(durationSeconds),
                bytes = \(digest?.bytes), sha256 = \(digest?.sha256), note = COALESCE(\(note), note)
            WHERE session_id = \(id)
            """)
    }

    func markRecordingEmpty(session id: String) async throws(StoreError) {
        _ = try await write("UPDATE recording SET state = 'empty' WHERE session_id = \(id) AND state = 'pending'")
    }

    func openRecordings() async throws(StoreError) -> [RecordingRecord] {
        try await read("SELECT * FROM recording WHERE state = 'recording'").map(Self.recordingRecord)
    }

    static func recordingRecord(_ row: PostgresRandomAccessRow) throws(StoreError) -> RecordingRecord {
        RecordingRecord(sessionID: try row.value("session_id"), state: RecordingRecord.State(rawValue: try row.value("state")) ?? .off,
                        file: try row.value("file"), startedAt: try row.date("started_at"), endedAt: try row.date("ended_at"),
                        durationSeconds: try row.value("duration_seconds"), bytes: try row.value("bytes"), sha256: try row.value("sha256"),
                        note: try row.value("note"), node: try row.value("node_id"))
    }
}
