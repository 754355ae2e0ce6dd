import Foundation
import Testing
import VigilCore
@testable import VigilStore

/// The identity enrolment lives and dies with its session (issue 13 item 4: "stored with the
/// session and deleted with it").
@Suite("Identity enrolment storage")
struct StoreIdentityEnrolmentTests {
    static let descriptor = FaceDescriptor(values: (0..<128).map { Float($0) / 128 - 0.5 })

    @Test("stored, read back bit for bit, deleted with the session", arguments: StoreBackendUnderTest.allCases)
    func deletedWithTheSession(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let session = try await store.createSession(title: nil, candidateName: "C", interviewerName: "I", at: Date()).info
            #expect(try await store.identityEnrolment(session: session.id) == nil)
            try await store.saveIdentityEnrolment(Self.descriptor, session: session.id)
            #expect(try await store.identityEnrolment(session: session.id) == Self.descriptor)
            try await store.deleteSession(id: session.id)
            #expect(try await store.identityEnrolment(session: session.id) == nil)
        }
    }

    @Test("the retention purge deletes it with the old session and keeps a newer session's", arguments: StoreBackendUnderTest.allCases)
    func purged(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let old = try await store.createSession(title: nil, candidateName: "C", interviewerName: "I", at: Date(timeIntervalSinceNow: -86_400 * 10)).info
            let recent = try await store.createSession(title: nil, candidateName: "C", interviewerName: "I", at: Date()).info
            try await store.saveIdentityEnrolment(Self.descriptor, session: old.id)
            try await store.saveIdentityEnrolment(Self.descriptor, session: recent.id)
            #expect(try await store.purgeSessions(before: Date(timeIntervalSinceNow: -86_400)) == [old.id])
            #expect(try await store.identityEnrolment(session: old.id) == nil)
            #expect(try await store.identityEnrolment(session: recent.id) == Self.descriptor)
        }
    }

    @Test("an unknown session is refused with sessionNotFound", arguments: StoreBackendUnderTest.allCases)
    func unknownSession(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            await #expect(throws: StoreError.self) { try await store.saveIdentityEnrolment(Self.descriptor, session: "nope") }
        }
    }
}
