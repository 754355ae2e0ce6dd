import Foundation

extension Store {
    /// Records whether a new session is to be recorded (`pending`) or not (`off`).
    public func planRecording(session id: String, record: Bool) async throws(StoreError) {
        try await backend.planRecording(session: id, record: record)
    }

    public func recording(session id: String) async throws(StoreError) -> RecordingRecord? {
        try await backend.recording(session: id)
    }

    /// Every recording file the store references, for the disk cap.
    public func recordingFiles() async throws(StoreError) -> [String] {
        try await backend.recordingFiles()
    }

    /// The disk cap refused this session's recording.
    public func refuseRecording(session id: String, reason: String) async throws(StoreError) {
        try await backend.refuseRecording(session: id, reason: reason)
    }

    /// The recording's first key frame was written at `startedAt` (the recording's 0:00), into
    /// `file` in the data folder of `node` (nil: the one implicit node of an SQLite file).
    public func recordingStarted(session id: String, file: String, node: String? = nil, at startedAt: Date) async throws(StoreError) {
        try await backend.recordingStarted(session: id, file: file, node: node, at: startedAt)
    }

    /// Closes the recording: size and SHA-256 are read from the file at `path` now that the
    /// muxer closed it. `state` is `complete` after a clean close, `interrupted` after a crash.
    public func closeRecording(session id: String, path: String, durationSeconds: Double?, state: RecordingRecord.State,
                               note: String?, at now: Date = Date()) async throws(StoreError) {
        try await backend.closeRecording(session: id, path: path, durationSeconds: durationSeconds, state: state, note: note, at: now)
    }

    /// A session that ended with nothing recorded (no video arrived, or no call at all).
    public func markRecordingEmpty(session id: String) async throws(StoreError) {
        try await backend.markRecordingEmpty(session: id)
    }

    /// Recordings a previous server left open (it was killed while recording).
    public func openRecordings() async throws(StoreError) -> [RecordingRecord] {
        try await backend.openRecordings()
    }
}
