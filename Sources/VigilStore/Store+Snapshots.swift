import Foundation

extension Store {
    /// Stores JPEG bytes for an event with their SHA-256, which reports print so evidence can be
    /// checked against tampering.
    @discardableResult
    public func saveSnapshot(_ jpeg: Data, event eventID: Int64, at now: Date = Date()) async throws(StoreError) -> Snapshot {
        try await backend.saveSnapshot(jpeg, event: eventID, at: now)
    }

    public func snapshots(event eventID: Int64) async throws(StoreError) -> [Snapshot] {
        try await backend.snapshots(event: eventID)
    }

    /// The JPEG of one snapshot, if it belongs to an event of this session.
    public func snapshot(_ snapshotID: Int64, session id: String) async throws(StoreError) -> Snapshot? {
        try await backend.snapshot(snapshotID, session: id)
    }

    /// Every snapshot of a session by id, for reports that embed the evidence.
    public func snapshots(session id: String) async throws(StoreError) -> [Int64: Snapshot] {
        try await backend.snapshots(session: id)
    }
}
