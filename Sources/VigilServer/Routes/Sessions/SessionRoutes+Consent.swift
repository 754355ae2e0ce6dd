import Foundation
import Hummingbird
import VigilCore
import VigilStore

/// The consent text the candidate's page shows before Join, generated from the session's policy
/// (its enabled checks), its `record` flag and the server's retention setting.
extension SessionRoutes {
    // MARK: GET /api/sessions/:id/consent

    func consent(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let session = try await session(request, context)
        _ = try await auth.require(request, session: session, roles: [.candidate, .interviewer, .proctor], action: "read the consent text")
        let policy = try await store.policy(session: session.id)
        let state = try await store.recording(session: session.id)?.state
        // A session created before recordings were planned is recorded like a new one by default.
        let recorded = state.map { $0 != .off && $0 != .refused } ?? true
        return try JSONResponse.make(ConsentText(policy: policy, recorded: recorded, retentionDays: configuration.retentionDays))
    }
}
