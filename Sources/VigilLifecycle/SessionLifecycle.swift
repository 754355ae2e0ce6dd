import Foundation
import Logging
import VigilCore
import VigilStore

/// The one owner of a session's life. Opening, ending, deleting and purging a session go
/// through here: the store is changed first (a refused write changes nothing and tells no
/// one), then every subscribed `SessionService` hears of it, in subscription order, once per
/// session and kind of news. Routes and the retention purge call this actor; nothing else
/// needs to guess from a request path that a session ended.
public actor SessionLifecycle {
    private let store: Store
    private let logger: Logger
    private var services: [any SessionService] = []
    private var announcedEnd: Set<String> = []
    private var announcedDeletion: Set<String> = []

    public init(store: Store, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Adds a service; it hears of every session that ends or goes from now on.
    public func subscribe(_ service: any SessionService) {
        services.append(service)
    }

    /// Creates a session with one token per role; with `placedAmongNodesAliveSince` (several
    /// nodes on one store), placed in the same transaction on the least-loaded of the nodes alive
    /// since then with room (`CreatedSession.placement`).
    public func open(title: String?, candidateName: String, interviewerName: String,
                     at now: Date = Date(), placedAmongNodesAliveSince aliveSince: Date? = nil) async throws(StoreError) -> CreatedSession {
        if let aliveSince {
            return try await store.createPlacedSession(title: title, candidateName: candidateName, interviewerName: interviewerName,
                                                       at: now, aliveSince: aliveSince)
        }
        return try await store.createSession(title: title, candidateName: candidateName, interviewerName: interviewerName, at: now)
    }

    /// Ends a live session (its open events close at `now`) and tells every service.
    public func end(_ id: String, at now: Date = Date()) async throws(StoreError) -> SessionInfo {
        let ended = try await store.endSession(id: id, at: now)
        await announceEnd(id, at: ended.endedAt ?? now)
        return ended
    }

    /// Deletes a session with its tokens, events, snapshots and reviews, and tells every
    /// service to drop it (a live call is torn down). Returns whether it existed.
    @discardableResult
    public func delete(_ id: String) async throws(StoreError) -> Bool {
        let existed = try await store.deleteSession(id: id)
        if existed { await announceDeletion(id) }
        return existed
    }

    /// Deletes every session that ended (or, never ended, was created) before `cutoff`, live or
    /// not, and tells every service about each. Returns the ids deleted.
    public func purge(before cutoff: Date) async throws(StoreError) -> [String] {
        let deleted = try await store.purgeSessions(before: cutoff)
        for id in deleted { await announceDeletion(id) }
        return deleted
    }

    private func announceEnd(_ id: String, at end: Date) async {
        guard announcedEnd.insert(id).inserted else { return }
        for service in services { await service.sessionEnded(id, at: end) }
    }

    private func announceDeletion(_ id: String) async {
        guard announcedDeletion.insert(id).inserted else { return }
        logger.debug("session deleted; stopping its services", metadata: ["session": "\(id)", "services": "\(services.count)"])
        for service in services { await service.sessionDeleted(id) }
    }
}
