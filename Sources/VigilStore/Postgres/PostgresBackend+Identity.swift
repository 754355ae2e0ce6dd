import Foundation
import PostgresNIO
import VigilCore

extension PostgresBackend {
    func saveIdentityEnrolment(_ descriptor: FaceDescriptor, session id: String, at now: Date) async throws(StoreError) {
        try await write { connection in
            guard try await !connection.rows("SELECT 1 FROM session WHERE id = \(id)", logger: logger).isEmpty else {
                throw StoreError.sessionNotFound(id)
            }
            try await connection.query("""
                INSERT INTO identity_enrolment (session_id, descriptor, enrolled_at) VALUES (\(id), \(Data(descriptor.bytes)), \(now.storedValue))
                ON CONFLICT (session_id) DO UPDATE SET descriptor = excluded.descriptor, enrolled_at = excluded.enrolled_at
                """, logger: logger)
        }
    }

    func identityEnrolment(session id: String) async throws(StoreError) -> FaceDescriptor? {
        guard let row = try await read("SELECT descriptor FROM identity_enrolment WHERE session_id = \(id)").first else { return nil }
        return FaceDescriptor(bytes: [UInt8](try row.value("descriptor", Data.self)))
    }
}
