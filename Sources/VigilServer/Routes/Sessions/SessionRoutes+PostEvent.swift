import Foundation
import Hummingbird
import Metrics
import VigilCore
import VigilStore

/// Events posted by the candidate's page, a proctor or the admin, checked before they are stored.
extension SessionRoutes {
    // MARK: POST /api/sessions/:id/events

    struct EventRequest: Decodable {
        var kind: String
        var at: String?
        var end: String?
        var details: String?
        var confidence: Double?
    }

    func postEvent(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let session = try await session(request, context)
        let caller = try await auth.require(request, session: session, roles: [.candidate, .proctor], action: "report events")
        let body = try await JSONResponse.decode(EventRequest.self, from: request, context: context)
        if let ended = session.endedAt { throw StoreError.sessionEnded(session.id, at: ended) }
        let new = try validate(body, session: session, caller: caller, now: Date())
        guard try await store.policy(session: session.id).isEnabled(new.kind) else {
            throw APIError(.unprocessableContent, "check_disabled",
                           "the '\(new.kind.rawValue)' check is turned off by this session's policy; events of that kind are not recorded")
        }
        let event = try await store.insertEvent(new, session: session.id)
        Counter(label: "vigil_events_stored_total", dimensions: [("kind", event.kind.rawValue), ("source", event.source.rawValue)]).increment()
        return try JSONResponse.make(event, status: .created)
    }

    func validate(_ body: EventRequest, session: SessionInfo, caller: Caller, now: Date) throws -> NewEvent {
        guard let kind = EventKind(rawValue: body.kind) else {
            throw APIError(.unprocessableContent, "unknown_kind", "unknown event kind '\(body.kind)'; use one of: \(EventKind.wireNames)")
        }
        if caller == .participant(.candidate), kind.origin != .page {
            let pageKinds = EventKind.allCases.filter { $0.origin == .page }.map(\.rawValue).joined(separator: ", ")
            throw APIError(.forbidden, "role_forbidden", "the candidate's page may report only page events (\(pageKinds))")
        }
        let latest = now.addingTimeInterval(configuration.clockSkewSeconds)
        let start = try body.at.map { try Self.time($0, field: "at") } ?? now
        guard start >= session.createdAt, start <= latest else {
            throw APIError(.unprocessableContent, "time_outside_session",
                           "'at' (\(Timestamp.format(start))) must lie between the session's start (\(Timestamp.format(session.createdAt))) and now (\(Timestamp.format(now)))")
        }
        let end = try body.end.map { try Self.time($0, field: "end") }
        if let end, end < start || end > latest {
            throw APIError(.unprocessableContent, "time_outside_session", "'end' must lie between 'at' and now")
        }
        if let confidence = body.confidence, !(0...1).contains(confidence) {
            throw APIError(.unprocessableContent, "invalid_field", "'confidence' must be between 0 and 1")
        }
        if let details = body.details, details.unicodeScalars.count > 2000 {
            throw APIError(.unprocessableContent, "invalid_field", "'details' is longer than 2000 characters")
        }
        if let details = body.details { try Self.plainText(details, field: "details") }
        let source: EventSource = caller == .participant(.candidate) ? .page : .external
        // An event posted without an end is an instant (a paste, a tab switch already over); a
        // reported event is flagged when it starts (the store's default for flagged_at).
        return NewEvent(kind: kind, source: source, start: start, end: end ?? start, confidence: body.confidence ?? 1, details: body.details)
    }

    static func time(_ text: String, field: String) throws -> Date {
        guard let date = Timestamp.parse(text) else {
            throw APIError(.badRequest, "bad_time", "'\(field)' must be an ISO 8601 time such as 2026-01-31T14:05:09.250Z, not '\(text)'")
        }
        return date
    }
}
