import Foundation
import VigilCore

/// The operator's list of sessions: newest first, paged by a cursor session, filtered by stage.
extension Store {
    /// Up to `limit` sessions created before `before` (in the list's order: newest first, ties by
    /// id), of the given stage when one is named.
    public func listSessions(limit: Int, before cursor: SessionInfo? = nil, stage: SessionStage? = nil) async throws(StoreError) -> [ListedSession] {
        try await backend.listSessions(limit: limit, before: cursor, stage: stage)
    }

    /// Notes that a page joined the session's call; only the first join is kept.
    public func markJoined(_ id: String, at now: Date) async throws(StoreError) {
        try await backend.markJoined(id, at: now)
    }

    /// When a page first joined the session's call (nil: nobody yet, or no such session).
    public func joinedAt(_ id: String) async throws(StoreError) -> Date? {
        try await backend.joinedAt(id)
    }
}
