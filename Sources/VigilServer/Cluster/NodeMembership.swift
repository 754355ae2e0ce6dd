import Foundation
import Logging
import Metrics
import VigilCore
import VigilStore

/// This server's part in a cluster of nodes on one PostgreSQL store (issue 15). It heartbeats the
/// node's row (URL, capacity, live sessions), fails over nodes that went silent, and says where a
/// session's call runs: `POST /api/sessions` places new sessions through it, and the signaling
/// route either serves a page here, redirects it to the session's node, or takes the session
/// over when that node is dead. On SQLite there is none: the server is the one implicit node.
struct NodeMembership: Sendable {
    let store: Store
    let settings: NodeSettings
    /// Live sessions this node takes (`--max-live-sessions`; 0: no cap).
    let capacity: Int
    /// The node's public URL; nil until the server listens (its port may be picked at start).
    let publicURL: @Sendable () -> String?
    /// Sessions with a page connected to this node's relay now.
    let liveSessions: @Sendable () async -> Int
    let logger: Logger

    var id: String { settings.id }

    /// Heartbeats at or after this instant count as alive.
    func aliveSince(_ now: Date = Date()) -> Date { now.addingTimeInterval(-settings.deadAfterSeconds) }

    /// Start-up, before listening: sessions this node's previous run left live are interrupted
    /// (their open events closed at its last heartbeat), as after a crash on one machine. Other
    /// nodes' sessions on the same database are not touched.
    func recoverPreviousRun() async throws(StoreError) {
        guard let failover = try await store.failOverNode(id) else { return }
        if !failover.interruptedSessions.isEmpty || failover.interruptedEvents > 0 || !failover.requeuedJobs.isEmpty {
            logger.warning("this node's previous run stopped: its live sessions are interrupted",
                           metadata: ["node": "\(id)", "sessions": "\(failover.interruptedSessions.count)",
                                      "events": "\(failover.interruptedEvents)", "requeued_jobs": "\(failover.requeuedJobs)", "last_alive": "\(Timestamp.format(failover.lastHeartbeat))"])
        }
    }

    /// One heartbeat (skipped until the server listens), then the fail-over of nodes silent past
    /// the timeout.
    func beat(now: Date = Date()) async throws(StoreError) {
        guard let url = publicURL() else { return }
        try await store.nodeHeartbeat(NodeRecord(id: id, url: url, capacity: capacity, liveSessions: await liveSessions(), heartbeatAt: now))
        for failover in try await store.failOverNodes(silentSince: aliveSince(now), now: now) {
            Counter(label: "vigil_node_failovers_total").increment()
            logger.warning("a node stopped heartbeating: its live sessions are interrupted and move on their next join",
                           metadata: ["dead_node": "\(failover.node)", "last_alive": "\(Timestamp.format(failover.lastHeartbeat))",
                                      "sessions": "\(failover.interruptedSessions.joined(separator: ","))",
                                      "events": "\(failover.interruptedEvents)", "requeued_jobs": "\(failover.requeuedJobs)", "by": "\(id)"])
        }
    }

    /// Where a page of the session signals: here, or the node that runs it. A session whose node
    /// is dead (or that was never placed) is taken over: placed again on the least-loaded live
    /// node, which may be this one.
    func route(session: String) async throws(StoreError) -> Route {
        let current = try await store.placement(session: session, aliveSince: aliveSince())
        var placement = current?.nodeAlive == true ? current?.placement : nil
        if placement == nil {
            placement = try await store.takeOver(session: session, aliveSince: aliveSince())
            if let placement, placement.node != current?.placement?.node {
                logger.notice("session taken over", metadata: ["session": "\(session)", "from": "\(current?.placement?.node ?? "none")",
                                                                 "to": "\(placement.node)"])
            }
        }
        guard let placement, placement.node != id else { return .here }
        return .elsewhere(placement)
    }

    enum Route: Equatable {
        case here
        case elsewhere(Placement)
    }

    /// The public URLs of the other live nodes, for a page to try when this node stops answering.
    func otherLiveNodeURLs() async -> [String] {
        let since = aliveSince()
        let nodes = (try? await store.nodes()) ?? []
        return nodes.filter { $0.id != id && $0.failedAt == nil && $0.heartbeatAt >= since }.map(\.url)
    }
}
