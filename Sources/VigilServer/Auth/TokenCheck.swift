import Foundation
import Hummingbird
import VigilCore
import VigilStore

/// Checks bearer tokens. Tokens come from `Authorization: Bearer …`, or from `?token=` for pages
/// opened from a join link.
struct TokenCheck: Sendable {
    let store: Store
    let adminKeyHash: Data

    init(store: Store, adminKey: String) {
        self.store = store
        adminKeyHash = TokenHasher.hash(adminKey)
    }

    static func bearer(in request: Request) -> String? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                return String(parts[1]).trimmingCharacters(in: .whitespaces)
            }
            return nil
        }
        return request.uri.queryParameters["token"].map(String.init)
    }

    func isAdmin(_ token: String) -> Bool {
        TokenHasher.constantTimeEqual(TokenHasher.hash(token), adminKeyHash)
    }

    /// The admin key, or 401.
    func requireAdmin(_ request: Request) throws -> Caller {
        guard let token = Self.bearer(in: request) else {
            throw APIError(.unauthorized, "token_missing", "send the admin key as 'Authorization: Bearer KEY'")
        }
        guard isAdmin(token) else {
            throw APIError(.unauthorized, "token_invalid", "the bearer token is not the admin key")
        }
        return .admin
    }

    /// The caller of a session route, if allowed. Unknown sessions give 404, tokens that are not
    /// this session's give 401, and tokens of a role the route does not take give 403.
    func require(_ request: Request, session: SessionInfo, roles allowed: Set<ParticipantRole>, action: String) async throws -> Caller {
        guard let token = Self.bearer(in: request) else {
            throw APIError(.unauthorized, "token_missing", "send this session's token as 'Authorization: Bearer TOKEN' (or ?token=TOKEN) to \(action)")
        }
        if isAdmin(token) { return .admin }
        guard let role = try await store.role(of: token, in: session.id) else {
            throw APIError(.unauthorized, "token_invalid", "this token does not belong to session \(session.id)")
        }
        guard allowed.contains(role) else {
            let who = allowed.map(\.rawValue).sorted().joined(separator: " or ")
            throw APIError(.forbidden, "role_forbidden", "the \(role.rawValue) link cannot \(action); use the \(who) link")
        }
        return .participant(role)
    }
}
