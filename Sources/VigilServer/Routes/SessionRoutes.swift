import Foundation
import Hummingbird
import Logging
import Metrics
import VigilCore
import VigilLifecycle
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

    func register(on router: Router<VigilRequestContext>) {
        router.post("/api/sessions") { request, context in try await create(request, context) }
        router.post("/api/sessions/:id/events") { request, context in try await postEvent(request, context) }
        router.put("/api/sessions/:id/end") { request, context in try await end(request, context) }
        router.get("/api/sessions/:id") { request, context in try await report(request, context) }
        router.delete("/api/sessions/:id") { request, context in try await delete(request, context) }
        router.post("/api/sessions/:id/events/:event/review") { request, context in try await review(request, context) }
        router.get("/api/sessions/:id/snapshots/:snapshot") { request, context in try await snapshot(request, context) }
    }

    // MARK: POST /api/sessions

    struct CreateRequest: Decodable {
        var candidateName: String
        var interviewerName: String
        var title: String?
    }

    struct CreateAnswer: Encodable {
        var id: String
        var title: String?
        var candidateName: String
        var interviewerName: String
        var createdAt: Date
        var links: [String: String]
    }

    func create(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        _ = try auth.requireAdmin(request)
        let body = try await JSONResponse.decode(CreateRequest.self, from: request, context: context)
        let candidate = try Self.name(body.candidateName, field: "candidate_name")
        let interviewer = try Self.name(body.interviewerName, field: "interviewer_name")
        let title = try body.title.map { try Self.name($0, field: "title") }
        let created = try await lifecycle.open(title: title, candidateName: candidate, interviewerName: interviewer, at: Date())
        let base = baseURL()
        var links: [String: String] = [:]
        for (role, token) in created.tokens {
            links[role.rawValue] = "\(base)/join/\(role.rawValue)?session=\(created.info.id)&token=\(token)"
        }
        Counter(label: "vigil_sessions_created_total").increment()
        context.logger.info("session created", metadata: ["session": "\(created.info.id)"])
        return try JSONResponse.make(
            CreateAnswer(id: created.info.id, title: title, candidateName: candidate, interviewerName: interviewer,
                         createdAt: created.info.createdAt, links: links),
            status: .created)
    }

    static func name(_ value: String, field: String) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw APIError(.unprocessableContent, "invalid_field", "'\(field)' must not be empty") }
        guard trimmed.unicodeScalars.count <= 200 else { throw APIError(.unprocessableContent, "invalid_field", "'\(field)' is longer than 200 characters") }
        try plainText(trimmed, field: field)
        return trimmed
    }

    /// Text fields are kept and exported as given (CSV, HTML, PDF): control characters other than
    /// tab and line breaks (a NUL byte above all) are refused rather than stored.
    static func plainText(_ value: String, field: String) throws {
        if let bad = value.unicodeScalars.first(where: { ($0.value < 0x20 && !["\t", "\n", "\r"].contains($0)) || $0.value == 0x7F }) {
            throw APIError(.unprocessableContent, "invalid_field",
                           "'\(field)' contains the control character U+\(String(format: "%04X", bad.value)); send plain text")
        }
    }

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
        // An event posted without an end is an instant (a paste, a tab switch already over).
        return NewEvent(kind: kind, source: source, start: start, end: end ?? start, confidence: body.confidence ?? 1, details: body.details)
    }

    static func time(_ text: String, field: String) throws -> Date {
        guard let date = Timestamp.parse(text) else {
            throw APIError(.badRequest, "bad_time", "'\(field)' must be an ISO 8601 time such as 2026-01-31T14:05:09.250Z, not '\(text)'")
        }
        return date
    }

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
        let report = Report(session: ended, events: try await store.events(session: session.id), generatedAt: Date())
        context.logger.info("session ended", metadata: ["session": "\(session.id)", "score": "\(report.score)"])
        return try JSONResponse.make(EndAnswer(id: ended.id, status: ended.status, endedAt: ended.endedAt, score: report.score, verdict: report.verdict))
    }

    // MARK: GET /api/sessions/:id

    func report(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let session = try await session(request, context)
        _ = try await auth.require(request, session: session, roles: [.interviewer, .proctor], action: "read the report")
        let format = try Self.format(of: request)
        let report = Report(session: session, events: try await store.events(session: session.id), generatedAt: Date())
        switch format {
        case .json:
            return try JSONResponse.make(report)
        case .csv:
            return Self.download(Data(ReportCSV.render(report).utf8), type: "text/csv; charset=utf-8", name: "vigil-\(session.id).csv")
        case .html, .pdf:
            let jpegs = try await store.snapshots(session: session.id).mapValues { [UInt8]($0.jpeg) }
            let html = ReportHTML.render(report, snapshots: jpegs)
            if format == .html {
                return Self.download(Data(html.utf8), type: "text/html; charset=utf-8", name: "vigil-\(session.id).html", inline: true)
            }
            let pdf = try await PDFPrinter.print(html)
            return Self.download(pdf, type: "application/pdf", name: "vigil-\(session.id).pdf")
        }
    }

    static func download(_ body: Data, type: String, name: String, inline: Bool = false) -> Response {
        var response = Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: body)))
        response.headers[.contentDisposition] = "\(inline ? "inline" : "attachment"); filename=\"\(name)\""
        return response
    }

    enum Format: String { case json, csv, html, pdf }

    static func format(of request: Request) throws -> Format {
        if let asked = request.uri.queryParameters["format"] {
            guard let format = Format(rawValue: String(asked).lowercased()) else {
                throw APIError(.badRequest, "unknown_format", "format '\(asked)' is not available; use json, csv, html or pdf")
            }
            return format
        }
        let accept = request.headers[.accept] ?? ""
        if accept.contains("text/csv") { return .csv }
        if accept.contains("application/pdf") { return .pdf }
        if accept.contains("text/html") && !accept.contains("application/json") { return .html }
        return .json
    }

    // MARK: DELETE /api/sessions/:id

    /// Purges the session, its tokens, events, snapshots and reviews (admin or interviewer).
    func delete(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let session = try await session(request, context)
        let caller = try await auth.require(request, session: session, roles: [.interviewer], action: "delete the session")
        try await lifecycle.delete(session.id)
        context.logger.notice("session deleted", metadata: ["session": "\(session.id)", "by": "\(caller.name)"])
        return Response(status: .noContent)
    }

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

    // MARK: GET /api/sessions/:id/snapshots/:snapshot

    func snapshot(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let session = try await session(request, context)
        _ = try await auth.require(request, session: session, roles: [.interviewer, .proctor], action: "see snapshots")
        guard let id = Int64(try context.parameters.require("snapshot")),
              let snapshot = try await store.snapshot(id, session: session.id) else {
            throw APIError(.notFound, "snapshot_not_found", "no such snapshot in session \(session.id)")
        }
        var response = Response(status: .ok, headers: [.contentType: "image/jpeg"], body: .init(byteBuffer: ByteBuffer(bytes: snapshot.jpeg)))
        response.headers[.eTag] = "\"\(snapshot.sha256)\""
        return response
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
