import Foundation
import Hummingbird
import VigilCore
import VigilStore

/// A reviewer's decision on an event.
extension SessionRoutes {
    // MARK: POST /api/sessions/:id/events/:event/review

    struct ReviewRequest: Decodable {
        var decision: String
        var note: String?
        /// Who decided, as the reviewer wants it shown; the role is always recorded with it.
        var reviewer: String?
    }

    /// A proctor or interviewer confirms or dismisses an event; the latest decision counts in
    /// the score, every decision stays in the audit trail. Allowed after the end too: review is
    /// what happens after the call.
    func review(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let session = try await session(request, context)
        let caller = try await auth.require(request, session: session, roles: [.interviewer, .proctor], action: "review events")
        guard let eventID = Int64(try context.parameters.require("event")) else {
            throw APIError(.badRequest, "bad_event_id", "the event id in the path must be a number")
        }
        let body = try await JSONResponse.decode(ReviewRequest.self, from: request, context: context)
        guard let decision = Review.Decision(rawValue: body.decision) else {
            throw APIError(.unprocessableContent, "invalid_field", "'decision' must be confirmed or dismissed, not '\(body.decision)'")
        }
        if let note = body.note, note.unicodeScalars.count > 2000 {
            throw APIError(.unprocessableContent, "invalid_field", "'note' is longer than 2000 characters")
        }
        if let note = body.note { try Self.plainText(note, field: "note") }
        let name = try body.reviewer.map { try Self.name($0, field: "reviewer") }
        let reviewer = name.map { "\($0) (\(caller.name))" } ?? caller.name
        let review = Review(decision: decision, reviewer: reviewer, at: Date(), note: body.note)
        try await store.review(eventID, session: session.id, review)
        context.logger.info("event reviewed", metadata: ["session": "\(session.id)", "event": "\(eventID)", "decision": "\(decision.rawValue)", "by": "\(reviewer)"])
        return try JSONResponse.make(review, status: .created)
    }
}
