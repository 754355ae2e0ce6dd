import Foundation
import GRDB
import VigilCore

extension SQLiteBackend {
    /// Stores the candidate's enrolled face descriptor for the identity check (once per session:
    /// a second enrolment replaces the first). It lives and dies with the session.
    func saveIdentityEnrolment(_ descriptor: FaceDescriptor, session id: String, at now: Date = Date()) async throws(StoreError) {
        try await write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM session WHERE id = ?", arguments: [id]) != nil else {
                throw StoreError.sessionNotFound(id)
            }
            try db.execute(
                sql: "INSERT OR REPLACE INTO identity_enrolment (session_id, descriptor, enrolled_at) VALUES (?, ?, ?)",
                arguments: [id, Data(descriptor.bytes), now.storedValue])
        }
    }

    /// The session's enrolled face descriptor, nil when none was enrolled (or the session is gone).
    func identityEnrolment(session id: String) async throws(StoreError) -> FaceDescriptor? {
        try await read { db in
            guard let data = try Data.fetchOne(db, sql: "SELECT descriptor FROM identity_enrolment WHERE session_id = ?", arguments: [id]) else {
                return nil
            }
            return FaceDescriptor(bytes: [UInt8](data))
        }
    }
}
