import Foundation

/// A session's recording as the store knows it. `state` says where it is in its life:
/// `off` (created with `"record": false`), `pending` (to be recorded when the call starts),
/// `refused` (the disk cap was reached; `note` says so), `recording` (the call runs; the file
/// grows), `complete` (closed cleanly: size and SHA-256 of the file), `interrupted` (the server
/// died while recording; closed at the next start), `empty` (the call ended before any video).
public struct RecordingRecord: Sendable, Equatable {
    public enum State: String, Sendable {
        case off, pending, refused, recording, complete, interrupted, empty
    }

    public var sessionID: String
    public var state: State
    /// The file's name inside the server's recordings folder.
    public var file: String?
    /// The wall-clock time of the recording's 0:00.
    public var startedAt: Date?
    public var endedAt: Date?
    public var durationSeconds: Double?
    public var bytes: Int64?
    public var sha256: String?
    public var note: String?
    /// The node whose data folder holds the file (on a shared PostgreSQL store; nil on SQLite,
    /// or for a recording made before nodes were recorded). Another node serving the file asks it.
    public var node: String? = nil

    /// Whether the file exists to be served (also while the call runs).
    public var hasFile: Bool { [.recording, .complete, .interrupted].contains(state) && file != nil }
}
