import Foundation
import VigilCore

/// Many nodes on one store: each `vigil serve` on PostgreSQL registers itself and heartbeats; a
/// new session is placed on the least-loaded live node with room; when a node goes silent past
/// the timeout another node fails it over (its live sessions interrupted, their open events
/// closed at its last heartbeat) and the session's next join places it again.
///
/// "Live" for a node: it heartbeat at or after `aliveSince` and was not failed over since.
/// "Least loaded": fewest sessions placed on it and not ended. "Room": fewer live sessions than
/// its capacity at its last heartbeat (capacity 0: no cap). Placement is serialized in the store
/// (one transaction, under a lock on PostgreSQL), so concurrent creations through different
/// nodes spread as one sequence would.
extension Store {
    /// Records `node` alive at `node.heartbeatAt` with its URL, capacity and live sessions
    /// (inserted on its first heartbeat); a node failed over earlier is alive again.
    public func nodeHeartbeat(_ node: NodeRecord) async throws(StoreError) {
        try await backend.saveNodeHeartbeat(node)
    }

    /// Every node ever registered, by id.
    public func nodes() async throws(StoreError) -> [NodeRecord] {
        try await backend.nodes()
    }

    /// Creates a session, like `createSession`, placed in the same transaction on the
    /// least-loaded node alive since `aliveSince` with room; `noNodeWithRoom` when there is none
    /// (nothing is stored then).
    public func createPlacedSession(title: String?, candidateName: String, interviewerName: String, at now: Date,
                                    aliveSince: Date) async throws(StoreError) -> CreatedSession {
        let (info, tokens, hashed) = Self.newSession(title: title, candidateName: candidateName, interviewerName: interviewerName, at: now)
        let placement = try await backend.insertPlacedSession(info, tokenHashes: hashed, aliveSince: aliveSince)
        return CreatedSession(info: info, tokens: tokens, placement: placement)
    }

    /// The session's node and whether it is alive; nil when there is no such session.
    public func placement(session id: String, aliveSince: Date) async throws(StoreError) -> SessionPlacement? {
        try await backend.sessionPlacement(id, aliveSince: aliveSince)
    }

    /// The node that runs the session's call: its own node while that is alive, else (dead,
    /// failed over, or never placed) the least-loaded live node with room, recorded as its new
    /// node (a take-over). `sessionNotFound`, or `noNodeWithRoom` when no node can take it.
    public func takeOver(session id: String, aliveSince: Date) async throws(StoreError) -> Placement {
        try await backend.takeOverSession(id, aliveSince: aliveSince)
    }

    /// Fails over every node silent since before `silentSince` and not failed over yet: their
    /// live sessions are marked interrupted at the node's last heartbeat and their open events
    /// closed there as interrupted. Each dead node is failed over once, by one caller (rows
    /// another caller is failing over are skipped).
    public func failOverNodes(silentSince: Date, now: Date = Date()) async throws(StoreError) -> [NodeFailover] {
        try await backend.failOverNodes(silentSince: silentSince, now: now)
    }

    /// A node's own start-up: the sessions its previous run left live are interrupted like a dead
    /// node's (nil when it never ran, or another node failed it over already). Only this node's
    /// sessions are touched: other nodes' calls on the same database go on.
    public func failOverNode(_ id: String, now: Date = Date()) async throws(StoreError) -> NodeFailover? {
        try await backend.failOverNode(id, now: now)
    }
}
