import Foundation
import Hummingbird
import VigilCore
import VigilStore

/// The operator's list of sessions (the dashboard's data): newest first, paged, filtered by stage,
/// each with its running score and verdict.
extension SessionRoutes {
    // MARK: GET /api/sessions

    static let defaultListLimit = 50
    static let maxListLimit = 200

    struct ListAnswer: Encodable {
        var sessions: [ListedItem]
        /// The id to pass as `before` for the next page; nil when this page is the last.
        var nextBefore: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(sessions, forKey: .sessions)
            try container.encode(nextBefore, forKey: .nextBefore)
        }

        enum CodingKeys: String, CodingKey { case sessions, nextBefore }
    }

    /// Every key is present (null when unknown), so a page can rely on the shape.
    struct ListedItem: Encodable {
        var id: String
        var candidateName: String
        var interviewerName: String
        var title: String?
        var status: SessionStage
        var createdAt: Date
        var endedAt: Date?
        var score: Double
        var verdict: Verdict
        var events: Int
        /// The session's policy by name ("standard", "strict, customised").
        var policy: String

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(candidateName, forKey: .candidateName)
            try container.encode(interviewerName, forKey: .interviewerName)
            try container.encode(title, forKey: .title)
            try container.encode(status, forKey: .status)
            try container.encode(createdAt, forKey: .createdAt)
            try container.encode(endedAt, forKey: .endedAt)
            try container.encode(score, forKey: .score)
            try container.encode(verdict, forKey: .verdict)
            try container.encode(events, forKey: .events)
            try container.encode(policy, forKey: .policy)
        }

        enum CodingKeys: String, CodingKey {
            case id, candidateName, interviewerName, title, status, createdAt, endedAt, score, verdict, events, policy
        }
    }

    func list(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        _ = try auth.requireAdmin(request)
        let query = request.uri.queryParameters
        let limit = try Self.listLimit(query["limit"].map(String.init))
        let stage = try Self.listStage(query["status"].map(String.init))
        var cursor: SessionInfo?
        if let before = query["before"].map(String.init) {
            guard !before.isEmpty else {
                throw APIError(.badRequest, "invalid_parameter", "'before' is empty; pass the id of the last session of the previous page")
            }
            guard let found = try await store.session(id: before) else {
                throw APIError(.unprocessableContent, "unknown_cursor",
                               "'before' names no session (\(before)); it may have been deleted: start again without 'before'")
            }
            cursor = found
        }
        // One more than asked tells whether another page follows.
        let rows = try await store.listSessions(limit: limit + 1, before: cursor, stage: stage)
        let page = rows.prefix(limit)
        let now = Date()
        var items: [ListedItem] = []
        let policies = try await store.policies(sessions: page.map(\.info.id))
        for row in page {
            let events = try await store.events(session: row.info.id)
            let policy = policies[row.info.id] ?? .standard
            let report = Report(session: row.info, events: events, policy: policy, generatedAt: now)
            items.append(ListedItem(
                id: row.info.id, candidateName: row.info.candidateName, interviewerName: row.info.interviewerName,
                title: row.info.title, status: row.stage, createdAt: row.info.createdAt, endedAt: row.info.endedAt,
                score: report.score, verdict: report.verdict, events: events.count, policy: policy.name))
        }
        let next = rows.count > limit ? page.last?.info.id : nil
        return try JSONResponse.make(ListAnswer(sessions: items, nextBefore: next))
    }

    static func listLimit(_ text: String?) throws -> Int {
        guard let text else { return defaultListLimit }
        guard let value = Int(text) else {
            throw APIError(.badRequest, "invalid_parameter", "'limit' must be a whole number (got '\(text)')")
        }
        guard (1...maxListLimit).contains(value) else {
            throw APIError(.unprocessableContent, "invalid_parameter", "'limit' must be between 1 and \(maxListLimit) (got \(value))")
        }
        return value
    }

    static func listStage(_ text: String?) throws -> SessionStage? {
        guard let text else { return nil }
        guard let stage = SessionStage(rawValue: text) else {
            let known = SessionStage.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError(.unprocessableContent, "invalid_parameter", "'status' must be one of \(known) (got '\(text)')")
        }
        return stage
    }
}
