import Foundation
import PostgresNIO

extension PostgresBackend {
    func insertMessage(session id: String, sender: String, text: String, at now: Date) async throws(StoreError) -> CandidateMessage {
        try await write { connection in
            guard let info = try await Self.fetchSession(connection, id: id, lock: "FOR SHARE", logger: logger) else {
                throw StoreError.sessionNotFound(id)
            }
            if let ended = info.endedAt { throw StoreError.sessionEnded(id, at: ended) }
            let rows = try await connection.rows("""
                INSERT INTO candidate_message (session_id, sender, text, at) VALUES (\(id), \(sender), \(text), \(now.storedValue))
                RETURNING id
                """, logger: logger)
            return CandidateMessage(id: try rows[0].value("id"), sender: sender, text: text, at: Date(stored: now.storedValue))
        }
    }

    func messages(session id: String) async throws(StoreError) -> [CandidateMessage] {
        try await read("SELECT * FROM candidate_message WHERE session_id = \(id) ORDER BY id").map { row throws(StoreError) in
            CandidateMessage(id: try row.value("id"), sender: try row.value("sender"), text: try row.value("text"),
                             at: Date(stored: try row.value("at")))
        }
    }
}
