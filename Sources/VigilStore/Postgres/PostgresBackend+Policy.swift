import Foundation
import PostgresNIO

/// The session's policy JSON in `session.policy`.
extension PostgresBackend {
    func savePolicyJSON(_ json: String, session id: String) async throws(StoreError) {
        let rows = try await write("UPDATE session SET policy = \(json) WHERE id = \(id) RETURNING id")
        guard !rows.isEmpty else { throw StoreError.sessionNotFound(id) }
    }

    func policyJSON(session id: String) async throws(StoreError) -> String? {
        let rows = try await read("SELECT policy FROM session WHERE id = \(id)")
        guard let row = rows.first else { return nil }
        return try row.value("policy", String?.self)
    }

    func policyJSONs(sessions ids: [String]) async throws(StoreError) -> [(id: String, json: String?)] {
        try await read("SELECT id, policy FROM session WHERE id = ANY(\(ids))").map { row throws(StoreError) in
            (id: try row.value("id", String.self), json: try row.value("policy", String?.self))
        }
    }
}
