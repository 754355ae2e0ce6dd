import Foundation
import Hummingbird
import VigilCore
import VigilLifecycle
import VigilStore

/// Ending a session (through the lifecycle, so the relay and the detectors stop).
extension SessionRoutes {
    // MARK: PUT /api/sessions/:id/end

    struct EndAnswer: Encodable {
        var id: String
        var status: SessionInfo.Status
        var endedAt: Date?
        var score: Double
        var verdict: Verdict
    }

    func end(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let session = try await session(request, context)
        _ = try await auth.require(request, session: session, roles: [.interviewer, .proctor], action: "end the session")
        let ended = try await lifecycle.end(session.id, at: Date())
        let report = Report(session: ended, events: try await store.events(session: session.id),
                            policy: try await store.policy(session: session.id), generatedAt: Date())
        context.logger.info("session ended", metadata: ["session": "\(session.id)", "score": "\(report.score)"])
        return try JSONResponse.make(EndAnswer(id: ended.id, status: ended.status, endedAt: ended.endedAt, score: report.score, verdict: report.verdict))
    }
}
