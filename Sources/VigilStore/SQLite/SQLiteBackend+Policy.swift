import Foundation
import GRDB

/// The session's policy JSON in `session.policy`.
extension SQLiteBackend {
    func savePolicyJSON(_ json: String, session id: String) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "UPDATE session SET policy = ? WHERE id = ?", arguments: [json, id])
            guard db.changesCount > 0 else { throw StoreError.sessionNotFound(id) }
        }
    }

    func policyJSON(session id: String) async throws(StoreError) -> String? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT policy FROM session WHERE id = ?", arguments: [id])
        }
    }

    func policyJSONs(sessions ids: [String]) async throws(StoreError) -> [(id: String, json: String?)] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT id, policy FROM session WHERE id IN (\(databaseQuestionMarks(count: ids.count)))",
                             arguments: StatementArguments(ids))
                .map { (id: $0["id"] as String, json: $0["policy"] as String?) }
        }
    }
}
