import Foundation
import Testing
import VigilCore
@testable import VigilStore

@Suite("A session's recording in the store")
struct StoreRecordingTests {
    @Test("a recording goes pending → recording → complete with the file's size, SHA-256 and the node holding it", arguments: StoreBackendUnderTest.allCases)
    func lifeOfARecording(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, folder in
            let session = try await store.createSession(title: nil, candidateName: "Ada", interviewerName: "Grace", at: Date())
            let id = session.info.id
            try await store.planRecording(session: id, record: true)
            #expect(try await store.recording(session: id)?.state == .pending)
            let started = Date(timeIntervalSince1970: 1_800_000_000.25)
            try await store.recordingStarted(session: id, file: "\(id).webm", node: "node-b", at: started)
            let running = try #require(try await store.recording(session: id))
            #expect(running.state == .recording && running.hasFile && running.startedAt == started)
            #expect(running.node == "node-b", "the node whose folder holds the file")
            #expect(try await store.openRecordings().map(\.sessionID) == [id])

            let file = folder.url.appendingPathComponent("\(id).webm")
            let bytes = Data((0..<5000).map { UInt8($0 % 251) })
            try bytes.write(to: file)
            try await store.closeRecording(session: id, path: file.path, durationSeconds: 12.5, state: .complete, note: nil)
            let closed = try #require(try await store.recording(session: id))
            #expect(closed.state == .complete)
            #expect(closed.bytes == 5000)
            #expect(closed.sha256 == TokenHasher.sha256Hex(bytes))
            #expect(closed.durationSeconds == 12.5)
            #expect(closed.node == "node-b")
            #expect(try await store.openRecordings().isEmpty)
            // A second plan (the session recorded afresh) forgets the old file and its node.
            try await store.planRecording(session: id, record: true)
            #expect(try await store.recording(session: id)?.node == nil)
        }
    }

    @Test("record: false is kept as off and never starts; a late start does not reopen a closed recording", arguments: StoreBackendUnderTest.allCases)
    func offAndLateStart(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let off = try await store.createSession(title: nil, candidateName: "Ada", interviewerName: "Grace", at: Date()).info.id
            try await store.planRecording(session: off, record: false)
            try await store.recordingStarted(session: off, file: "x.webm", at: Date())
            #expect(try await store.recording(session: off)?.state == .off)
            #expect(try await store.recording(session: off)?.hasFile == false)

            let ended = try await store.createSession(title: nil, candidateName: "Ada", interviewerName: "Grace", at: Date()).info.id
            try await store.planRecording(session: ended, record: true)
            try await store.markRecordingEmpty(session: ended)
            try await store.recordingStarted(session: ended, file: "y.webm", at: Date())
            #expect(try await store.recording(session: ended)?.state == .empty)
        }
    }

    @Test("deleting the session deletes its recording row", arguments: StoreBackendUnderTest.allCases)
    func deletedWithTheSession(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let id = try await store.createSession(title: nil, candidateName: "Ada", interviewerName: "Grace", at: Date()).info.id
            try await store.planRecording(session: id, record: true)
            try await store.recordingStarted(session: id, file: "\(id).webm", at: Date())
            try await store.deleteSession(id: id)
            #expect(try await store.recording(session: id) == nil)
            #expect(try await store.recordingFiles().isEmpty)
        }
    }
}
