import Foundation
import Hummingbird
import Metrics
import VigilCore
import VigilLifecycle
import VigilStore

/// Creating a session and its join links.
extension SessionRoutes {
    // MARK: POST /api/sessions

    struct CreateRequest: Decodable {
        var candidateName: String
        var interviewerName: String
        var title: String?
        /// False: the call is not recorded (default true).
        var record: Bool?
        /// The session's policy (`SessionPolicy+Wire`); absent: the standard preset.
        var policy: PolicyValue?
    }

    struct CreateAnswer: Encodable {
        var id: String
        var title: String?
        var candidateName: String
        var interviewerName: String
        var createdAt: Date
        var links: [String: String]
        var record: Bool
        var policy: SessionPolicy
        /// The node whose URL the links name (PostgreSQL; absent on SQLite).
        var node: String?
    }

    func create(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        _ = try auth.requireAdmin(request)
        let body = try await JSONResponse.decode(CreateRequest.self, from: request, context: context)
        let candidate = try Self.name(body.candidateName, field: "candidate_name")
        let interviewer = try Self.name(body.interviewerName, field: "interviewer_name")
        let title = try body.title.map { try Self.name($0, field: "title") }
        let policy = try Self.policy(body.policy)
        let created = try await lifecycle.open(title: title, candidateName: candidate, interviewerName: interviewer, at: Date(),
                                               placedAmongNodesAliveSince: node?.aliveSince())
        try await store.planRecording(session: created.info.id, record: body.record ?? true)
        try await store.savePolicy(policy, session: created.info.id)
        // The links lead to the node the session was placed on (this one on SQLite).
        let base = created.placement?.url ?? baseURL()
        var links: [String: String] = [:]
        for (role, token) in created.tokens {
            links[role.rawValue] = "\(base)/join/\(role.rawValue)?session=\(created.info.id)&token=\(token)"
        }
        Counter(label: "vigil_sessions_created_total").increment()
        context.logger.info("session created", metadata: ["session": "\(created.info.id)", "node": "\(created.placement?.node ?? "this")"])
        return try JSONResponse.make(
            CreateAnswer(id: created.info.id, title: title, candidateName: candidate, interviewerName: interviewer,
                         createdAt: created.info.createdAt, links: links, record: body.record ?? true, policy: policy,
                         node: created.placement?.node),
            status: .created)
    }

    /// The policy a creation asked for, checked field by field: 422 naming the first bad one.
    static func policy(_ value: PolicyValue?) throws -> SessionPolicy {
        guard let value, value != .null else { return .standard }
        do {
            return try SessionPolicy.validated(value)
        } catch {
            throw APIError(.unprocessableContent, error.code.rawValue, error.description)
        }
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
}
