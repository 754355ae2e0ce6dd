import Foundation
import GRDB
import Testing
import VigilCore
@testable import VigilStore

@Suite("Store: snapshots")
struct StoreSnapshotTests {
    static let jpegPath = "/work/shared/media/faces/frontal/grace_hopper_frontal.jpg"

    /// The digest as the `sha256sum` tool computes it, independently of the store's code.
    static func sha256sum(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }

    @Test("saveSnapshot stores the JPEG bytes with their SHA-256 hex, readable back by event", arguments: StoreBackendUnderTest.allCases)
    func savesJPEGWithDigest(_ backend: StoreBackendUnderTest) async throws {
        let jpeg = try Data(contentsOf: URL(fileURLWithPath: Self.jpegPath))
        try #require(jpeg.starts(with: [0xFF, 0xD8, 0xFF]), "not a JPEG")
        let expected = try Self.sha256sum(Self.jpegPath)
        try #require(expected.count == 64)
        try await withStore(backend) { store, _ in
            let session = try await store.newSession().info.id
            let event = try await store.insertEvent(NewEvent(kind: .phone, source: .detector, start: at(1)), session: session)
            let saved = try await store.saveSnapshot(jpeg, event: event.id, at: at(2))
            #expect(saved.sha256 == expected)
            #expect(saved.eventID == event.id)
            let read = try await store.snapshots(event: event.id)
            #expect(read == [Snapshot(id: saved.id, eventID: event.id, sha256: expected, jpeg: jpeg)])
        }
    }

    @Test("snapshots(event:) returns that event's snapshots in the order they were saved", arguments: StoreBackendUnderTest.allCases)
    func snapshotsPerEventInOrder(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let session = try await store.newSession().info.id
            let a = try await store.insertEvent(NewEvent(kind: .phone, source: .detector, start: at(1)), session: session)
            let b = try await store.insertEvent(NewEvent(kind: .book, source: .detector, start: at(2)), session: session)
            let first = try await store.saveSnapshot(Data([0xFF, 0xD8, 1]), event: a.id)
            _ = try await store.saveSnapshot(Data([0xFF, 0xD8, 2]), event: b.id)
            let second = try await store.saveSnapshot(Data([0xFF, 0xD8, 3]), event: a.id)
            #expect(try await store.snapshots(event: a.id).map(\.id) == [first.id, second.id])
            #expect(try await store.snapshots(event: a.id).map(\.jpeg) == [Data([0xFF, 0xD8, 1]), Data([0xFF, 0xD8, 3])])
        }
    }

    @Test("saveSnapshot for an unknown event throws eventNotFound and stores nothing", arguments: StoreBackendUnderTest.allCases)
    func snapshotForUnknownEvent(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            await expectStoreError(.eventNotFound(42, session: nil)) {
                try await store.saveSnapshot(Data([0xFF, 0xD8]), event: 42)
            }
            let found = try await store.count("snapshot")
            #expect(found == 0)
        }
    }
}

@Suite("Store: reviews")
struct StoreReviewTests {
    static func review(_ decision: Review.Decision, by reviewer: String, at seconds: Double, note: String? = nil) -> Review {
        Review(decision: decision, reviewer: reviewer, at: at(seconds), note: note)
    }

    @Test("an event without review is not dismissed", arguments: StoreBackendUnderTest.allCases)
    func unreviewed(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let session = try await store.newSession().info.id
            _ = try await store.insertEvent(NewEvent(kind: .phone, source: .detector, start: at(1)), session: session)
            let event = try #require(try await store.events(session: session).first)
            #expect(event.review == nil)
            #expect(!event.isDismissed)
        }
    }

    @Test("the latest review decides: confirmed then dismissed is dismissed", arguments: StoreBackendUnderTest.allCases)
    func latestDismissalWins(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let session = try await store.newSession().info.id
            let event = try await store.insertEvent(NewEvent(kind: .phone, source: .detector, start: at(1)), session: session)
            try await store.review(event.id, session: session, Self.review(.confirmed, by: "alice", at: 100))
            let dismissal = Self.review(.dismissed, by: "bob", at: 200, note: "it was a calculator")
            try await store.review(event.id, session: session, dismissal)
            let read = try #require(try await store.events(session: session).first)
            #expect(read.review == dismissal)
            #expect(read.isDismissed)
        }
    }

    @Test("the latest review decides: dismissed then confirmed is not dismissed", arguments: StoreBackendUnderTest.allCases)
    func latestConfirmationWins(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let session = try await store.newSession().info.id
            let event = try await store.insertEvent(NewEvent(kind: .phone, source: .detector, start: at(1)), session: session)
            try await store.review(event.id, session: session, Self.review(.dismissed, by: "alice", at: 100))
            try await store.review(event.id, session: session, Self.review(.confirmed, by: "bob", at: 200))
            let read = try #require(try await store.events(session: session).first)
            #expect(read.review?.decision == .confirmed)
            #expect(read.review?.reviewer == "bob")
            #expect(!read.isDismissed)
        }
    }

    @Test("earlier reviews stay in the review table as the audit trail", arguments: StoreBackendUnderTest.allCases)
    func auditTrailKept(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let session = try await store.newSession().info.id
            let event = try await store.insertEvent(NewEvent(kind: .phone, source: .detector, start: at(1)), session: session)
            try await store.review(event.id, session: session, Self.review(.confirmed, by: "alice", at: 100, note: "clear"))
            try await store.review(event.id, session: session, Self.review(.dismissed, by: "bob", at: 200))
            try await store.review(event.id, session: session, Self.review(.confirmed, by: "carol", at: 300))
            let trail = try await store.backend.textRows("SELECT decision, reviewer, note FROM review WHERE event_id = \(event.id) ORDER BY id")
                .map { "\($0[0] ?? "?")/\($0[1] ?? "?")/\($0[2] ?? "-")" }
            #expect(trail == ["confirmed/alice/clear", "dismissed/bob/-", "confirmed/carol/-"])
        }
    }

    @Test("events come back with their audit trail, oldest first, and only with their own decisions", arguments: StoreBackendUnderTest.allCases)
    func auditTrailRead(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let session = try await store.newSession().info.id
            let phone = try await store.insertEvent(NewEvent(kind: .phone, source: .detector, start: at(1)), session: session)
            let book = try await store.insertEvent(NewEvent(kind: .book, source: .detector, start: at(2)), session: session)
            let decisions = [Self.review(.confirmed, by: "alice", at: 100, note: "clear"), Self.review(.dismissed, by: "bob", at: 200, note: "a prop")]
            for decision in decisions { try await store.review(phone.id, session: session, decision) }
            let events = try await store.events(session: session)
            let readPhone = try #require(events.first { $0.id == phone.id })
            #expect(readPhone.reviews == decisions)
            #expect(readPhone.review == decisions.last)
            #expect(events.first { $0.id == book.id }?.reviews.isEmpty == true)
        }
    }

    @Test("reviewing an event of another session throws eventNotFound and stores nothing", arguments: StoreBackendUnderTest.allCases)
    func reviewWrongSession(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let session = try await store.newSession().info.id
            let other = try await store.newSession().info.id
            let event = try await store.insertEvent(NewEvent(kind: .phone, source: .detector, start: at(1)), session: session)
            await expectStoreError(.eventNotFound(event.id, session: other)) {
                try await store.review(event.id, session: other, Self.review(.dismissed, by: "mallory", at: 5))
            }
            let found = try await store.count("review")
            #expect(found == 0)
        }
    }
}
