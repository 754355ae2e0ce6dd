import Foundation
import VigilStore

/// The report's `recording` field: what a reviewer needs to trust the file (`null` when the
/// session was not recorded or the recording has no file).
struct RecordingSummary: Encodable, Sendable {
    let durationSeconds: Double?
    let bytes: Int64?
    let sha256: String?
    /// `recording` (the call runs), `complete` or `interrupted` (the server died while recording).
    let state: String
    /// The wall-clock time of the recording's 0:00: an event starting at T is at T − started_at.
    let startedAt: Date?
    /// On several nodes: the node whose data folder holds the file (any node serves it, asking
    /// that one); nil on one machine.
    let node: String?

    enum CodingKeys: String, CodingKey {
        case durationSeconds = "duration_seconds", bytes, sha256, state, startedAt = "started_at", node
    }

    init?(_ record: RecordingRecord?) {
        guard let record, record.hasFile else { return nil }
        durationSeconds = record.durationSeconds
        bytes = record.bytes
        sha256 = record.sha256
        state = record.state.rawValue
        startedAt = record.startedAt
        node = record.node
    }
}

/// A report with the `recording` field added beside the report's own fields.
struct ReportWithRecording<Base: Encodable & Sendable>: Encodable, Sendable {
    let report: Base
    let recording: RecordingSummary?

    private enum Key: String, CodingKey { case recording }

    func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(recording, forKey: .recording)
    }
}
