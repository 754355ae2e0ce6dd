import Foundation
import GRDB
import VigilCore

/// Messages to the candidate: stored before they are delivered, refused once the session ended.
extension SQLiteBackend {
    func insertMessage(session id: String, sender: String, text: String, at now: Date) async throws(StoreError) -> CandidateMessage {
        try await write { db in
            guard let info = try Self.fetchSession(db, id: id) else { throw StoreError.sessionNotFound(id) }
            if let ended = info.endedAt { throw StoreError.sessionEnded(id, at: ended) }
            try db.execute(sql: "INSERT INTO candidate_message (session_id, sender, text, at) VALUES (?, ?, ?, ?)",
                           arguments: [id, sender, text, now.storedValue])
            return CandidateMessage(id: db.lastInsertedRowID, sender: sender, text: text, at: Date(stored: now.storedValue))
        }
    }

    /// The session's messages to the candidate, oldest first.
    func messages(session id: String) async throws(StoreError) -> [CandidateMessage] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM candidate_message WHERE session_id = ? ORDER BY id", arguments: [id]).map {
                CandidateMessage(id: $0["id"], sender: $0["sender"], text: $0["text"], at: Date(stored: $0["at"]))
            }
        }
    }
}
