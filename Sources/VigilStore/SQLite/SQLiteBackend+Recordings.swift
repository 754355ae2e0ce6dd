import Foundation
import GRDB

extension SQLiteBackend {
    /// Records whether a new session is to be recorded (`pending`) or not (`off`).
    func planRecording(session id: String, record: Bool) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO recording (session_id, state) VALUES (?, ?)",
                           arguments: [id, record ? RecordingRecord.State.pending.rawValue : RecordingRecord.State.off.rawValue])
        }
    }

    func recording(session id: String) async throws(StoreError) -> RecordingRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM recording WHERE session_id = ?", arguments: [id]).map(Self.recordingRecord)
        }
    }

    /// Every recording file the store references, for the disk cap.
    func recordingFiles() async throws(StoreError) -> [String] {
        try await read { db in
            try String.fetchAll(db, sql: "SELECT file FROM recording WHERE file IS NOT NULL")
        }
    }

    /// The disk cap refused this session's recording.
    func refuseRecording(session id: String, reason: String) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "UPDATE recording SET state = 'refused', note = ? WHERE session_id = ?", arguments: [reason, id])
        }
    }

    /// The recording's first key frame was written at `startedAt` (the recording's 0:00).
    func recordingStarted(session id: String, file: String, node: String?, at startedAt: Date) async throws(StoreError) {
        try await write { db in
            // Only a pending recording starts: one already closed (a session ended at once) stays closed.
            try db.execute(sql: """
                UPDATE recording SET state = 'recording', file = ?, node_id = ?, started_at = ? WHERE session_id = ? AND state = 'pending'
                """, arguments: [file, node, startedAt.storedValue, id])
        }
    }

    /// Closes the recording: size and SHA-256 are read from the file at `path` now that the
    /// muxer closed it. `state` is `complete` after a clean close, `interrupted` after a crash.
    func closeRecording(session id: String, path: String, durationSeconds: Double?, state: RecordingRecord.State,
                               note: String?, at now: Date = Date()) async throws(StoreError) {
        let digest = FileDigest(path: path)
        try await write { db in
            try db.execute(sql: """
                UPDATE recording SET state = ?, ended_at = ?, duration_seconds = ?, bytes = ?, sha256 = ?, note = COALESCE(?, note)
                WHERE session_id = ?
                """, arguments: [state.rawValue, now.storedValue, durationSeconds, digest?.bytes, digest?.sha256, note, id])
        }
    }

    /// A session that ended with nothing recorded (no video arrived, or no call at all).
    func markRecordingEmpty(session id: String) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "UPDATE recording SET state = 'empty' WHERE session_id = ? AND state = 'pending'", arguments: [id])
        }
    }

    /// Recordings a previous server left open (it was killed while recording).
    func openRecordings() async throws(StoreError) -> [RecordingRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM recording WHERE state = 'recording'").map(Self.recordingRecord)
        }
    }

    static func recordingRecord(_ row: Row) -> RecordingRecord {
        RecordingRecord(sessionID: row["session_id"], state: RecordingRecord.State(rawValue: row["state"]) ?? .off,
                        file: row["file"], startedAt: (row["started_at"] as Double?).map(Date.init(stored:)),
                        endedAt: (row["ended_at"] as Double?).map(Date.init(stored:)), durationSeconds: row["duration_seconds"],
                        bytes: row["bytes"], sha256: row["sha256"], note: row["note"], node: row["node_id"])
    }
}
