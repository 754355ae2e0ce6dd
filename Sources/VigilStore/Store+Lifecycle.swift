import Foundation

extension Store {
    /// Records that the server is alive now; called every few seconds, so a crash is dated to
    /// within that interval.
    public func heartbeat(at now: Date = Date()) async throws(StoreError) {
        try await backend.heartbeat(at: now)
    }

    /// Closes events a previous server left open: no server watched them since, so they end at
    /// its last heartbeat and are marked interrupted. Their sessions stay live and can resume.
    public func recoverInterruptedEvents(now: Date = Date()) async throws(StoreError) -> Recovery {
        try await backend.recoverInterruptedEvents(now: now)
    }

    /// Deletes a session with its tokens, events, snapshots and reviews. Returns whether it existed.
    @discardableResult
    public func deleteSession(id: String) async throws(StoreError) -> Bool {
        try await backend.deleteSession(id: id)
    }

    /// Deletes every session that ended (or, if never ended, was created) before `cutoff`.
    /// Returns the ids deleted.
    public func purgeSessions(before cutoff: Date) async throws(StoreError) -> [String] {
        try await backend.purgeSessions(before: cutoff)
    }
}
