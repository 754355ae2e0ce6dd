import Foundation
import VigilCore

/// The session's policy, kept as JSON in `session.policy` (one column, so every backend can hold
/// it as text). A session without one (created before policies existed) reads as `standard`.
extension Store {
    public func savePolicy(_ policy: SessionPolicy, session id: String) async throws(StoreError) {
        try await backend.savePolicyJSON(Self.policyJSON(policy), session: id)
    }

    /// The session's policy; `standard` when none was stored (or the session is gone).
    public func policy(session id: String) async throws(StoreError) -> SessionPolicy {
        Self.policy(fromJSON: try await backend.policyJSON(session: id))
    }

    /// The policies of several sessions at once (the session list), `standard` for those without.
    public func policies(sessions ids: [String]) async throws(StoreError) -> [String: SessionPolicy] {
        guard !ids.isEmpty else { return [:] }
        var policies: [String: SessionPolicy] = [:]
        for row in try await backend.policyJSONs(sessions: ids) { policies[row.id] = Self.policy(fromJSON: row.json) }
        return policies
    }

    static func policyJSON(_ policy: SessionPolicy) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding a value of plain numbers, strings and booleans cannot fail.
        return String(decoding: (try? encoder.encode(policy)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// A stored policy that no longer reads (a threshold since removed) falls back to its preset's
    /// values rather than making the session unreadable.
    static func policy(fromJSON json: String?) -> SessionPolicy {
        guard let json, let data = json.data(using: .utf8) else { return .standard }
        if let policy = try? JSONDecoder().decode(SessionPolicy.self, from: data) { return policy }
        if let value = try? JSONDecoder().decode(PolicyValue.self, from: data), case .object(let fields) = value,
           case .string(let name)? = fields["preset"], let preset = PolicyPreset(rawValue: name) {
            return preset.policy
        }
        return .standard
    }
}
