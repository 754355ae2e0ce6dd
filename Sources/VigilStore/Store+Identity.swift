import Foundation
import VigilCore

extension Store {
    /// Stores the candidate's enrolled face descriptor for the identity check (once per session:
    /// a second enrolment replaces the first). It lives and dies with the session.
    public func saveIdentityEnrolment(_ descriptor: FaceDescriptor, session id: String, at now: Date = Date()) async throws(StoreError) {
        try await backend.saveIdentityEnrolment(descriptor, session: id, at: now)
    }

    /// The session's enrolled face descriptor, nil when none was enrolled (or the session is gone).
    public func identityEnrolment(session id: String) async throws(StoreError) -> FaceDescriptor? {
        try await backend.identityEnrolment(session: id)
    }
}
