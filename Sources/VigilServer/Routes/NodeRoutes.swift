import Foundation
import Hummingbird
import VigilStore

/// The nodes sharing this store and where a session's call runs, for operators, support staff
/// and tests: `GET /api/nodes` (admin) and `GET /api/sessions/:id/node` (interviewer, proctor,
/// admin). On SQLite the server is the one implicit node: no nodes are listed and a session has
/// no node.
struct NodeRoutes: Sendable {
    let store: Store
    let auth: TokenCheck
    let node: NodeMembership?

    struct NodeAnswer: Encodable {
        var id: String
        var url: String
        var capacity: Int
        var liveSessions: Int
        var heartbeatAt: Date
        /// Heartbeat within the timeout and not failed over.
        var alive: Bool
        var failedAt: Date?
    }

    struct NodesAnswer: Encodable {
        /// The node answering (absent on SQLite).
        var this: String?
        var nodes: [NodeAnswer]
    }

    struct SessionNodeAnswer: Encodable {
        var session: String
        var node: String?
        var url: String?
        var alive: Bool
        /// When the session's node was found dead with the session live (its last heartbeat).
        var interruptedAt: Date?
    }

    func register(on router: Router<VigilRequestContext>) {
        router.get("/api/nodes") { request, _ in
            _ = try auth.requireAdmin(request)
            let since = node?.aliveSince() ?? .distantPast
            let nodes = try await store.nodes().map {
                NodeAnswer(id: $0.id, url: $0.url, capacity: $0.capacity, liveSessions: $0.liveSessions, heartbeatAt: $0.heartbeatAt,
                           alive: $0.failedAt == nil && $0.heartbeatAt >= since, failedAt: $0.failedAt)
            }
            return try JSONResponse.make(NodesAnswer(this: node?.id, nodes: nodes))
        }
        router.get("/api/sessions/:id/node") { request, context in
            let id = try context.parameters.require("id")
            guard let session = try await store.session(id: id) else { throw StoreError.sessionNotFound(id) }
            _ = try await auth.require(request, session: session, roles: [.interviewer, .proctor], action: "see where the session runs")
            let placement = try await store.placement(session: id, aliveSince: node?.aliveSince() ?? .distantPast)
            return try JSONResponse.make(SessionNodeAnswer(session: id, node: placement?.placement?.node, url: placement?.placement?.url,
                                                           alive: placement?.nodeAlive ?? false, interruptedAt: placement?.interruptedAt))
        }
    }
}
