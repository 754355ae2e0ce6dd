import Foundation
import Hummingbird
import VigilCore
import VigilLifecycle
import VigilStore

/// Deleting a session (through the lifecycle, so a live call is torn down).
extension SessionRoutes {
    // MARK: DELETE /api/sessions/:id

    /// Purges the session, its tokens, events, snapshots and reviews (admin or interviewer).
    func delete(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let session = try await session(request, context)
        let caller = try await auth.require(request, session: session, roles: [.interviewer], action: "delete the session")
        try await lifecycle.delete(session.id)
        context.logger.notice("session deleted", metadata: ["session": "\(session.id)", "by": "\(caller.name)"])
        return Response(status: .noContent)
    }
}
