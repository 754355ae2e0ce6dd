import Foundation
import Hummingbird
import Logging
import Metrics
import VigilCore
import VigilLifecycle
import VigilMedia
import VigilProctoring
import VigilReport
import VigilStore

/// The original product's session routes: create, post events, end, read the report, delete.
/// Creating, ending and deleting go through the `SessionLifecycle`, so the relay and the live
/// proctoring hear of them without these routes knowing about either.
struct SessionRoutes: Sendable {
    let store: Store
    let lifecycle: SessionLifecycle
    let auth: TokenCheck
    let configuration: ServerConfiguration
    let baseURL: @Sendable () -> String
    /// How an event's clip is cut from the recording (`pipelines/clip.pipeline`).
    var clipTemplate: PipelineTemplate? = nil
    /// The candidate page's pre-check detectors (nil: the route answers 503).
    var candidatePreCheck: CandidatePreCheck? = nil
    /// On PostgreSQL: new sessions are placed on the least-loaded live node, whose URL their links name.
    var node: NodeMembership? = nil

    /// On several nodes: a recording (or its clip) another node wrote is asked of that node.
    var fileProxy: NodeFileProxy? { node.map { NodeFileProxy(node: $0) } }

    func register(on router: Router<VigilRequestContext>) {
        router.post("/api/sessions") { request, context in try await create(request, context) }
        router.post("/api/sessions/:id/events") { request, context in try await postEvent(request, context) }
        router.put("/api/sessions/:id/end") { request, context in try await end(request, context) }
        router.get("/api/sessions/:id") { request, context in try await report(request, context) }
        router.delete("/api/sessions/:id") { request, context in try await delete(request, context) }
        router.post("/api/sessions/:id/events/:event/review") { request, context in try await review(request, context) }
        router.get("/api/sessions/:id/snapshots/:snapshot") { request, context in try await snapshot(request, context) }
        router.get("/api/sessions") { request, context in try await list(request, context) }
        router.get("/api/sessions/:id/recording") { request, context in try await recording(request, context) }
        router.get("/api/sessions/:id/events/:event/clip") { request, context in try await clip(request, context) }
        router.get("/api/sessions/:id/consent") { request, context in try await consent(request, context) }
        router.post("/api/sessions/:id/precheck") { request, context in try await preCheck(request, context) }
    }

    // MARK: shared

    /// The session named in the path. Whether a session exists is told only to a caller holding a
    /// credential (the admin key or some session's token): without a token the answer is 401, with
    /// a token that is nobody's it is 401 too, so ids cannot be probed anonymously.
    func session(_ request: Request, _ context: VigilRequestContext) async throws -> SessionInfo {
        guard let token = TokenCheck.bearer(in: request) else {
            throw APIError(.unauthorized, "token_missing", "send this session's token as 'Authorization: Bearer TOKEN' (or ?token=TOKEN)")
        }
        let id = try context.parameters.require("id")
        guard let session = try await store.session(id: id) else {
            let holdsCredential = try await auth.isAdmin(token) ? true : store.isKnownToken(token)
            guard holdsCredential else {
                throw APIError(.unauthorized, "token_invalid", "the bearer token is not valid for session \(id)")
            }
            throw StoreError.sessionNotFound(id)
        }
        return session
    }
}
