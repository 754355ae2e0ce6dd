import Foundation
import GRDB
import Testing
import VigilCore
@testable import VigilStore

@Suite("Store: events")
struct StoreEventTests {
    @Test("insertEvent returns an id and the event reads back unchanged", arguments: StoreBackendUnderTest.allCases)
    func insertThenRead(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let session = try await store.newSession().info.id
            let inserted = try await store.insertEvent(
                NewEvent(kind: .multipleFaces, source: .detector, start: at(10), confidence: 0.75, details: "2 faces"),
                session: session, at: at(11))
            #expect(inserted.id > 0)
            let read = try await store.events(session: session)
            #expect(read == [ProctoringEvent(id: inserted.id, kind: .multipleFaces, source: .detector, start: at(10),
                                             end: nil, confidence: 0.75, details: "2 faces")])
            #expect(read == [inserted])
            #expect(try await store.eventCount(session: session) == 1)
        }
    }

    @Test("an event read back equals the one insertEvent returned, also for fractional-second times", arguments: StoreBackendUnderTest.allCases)
    func readBackEqualsReturnedForFractionalTimes(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let session = try await store.newSession().info.id
            let inserted = try await store.insertEvent(NewEvent(kind: .phone, source: .detector, start: at(0.1)), session: session)
            let read = try #require(try await store.events(session: session).first)
            // Dates are stored as seconds since 1970 while Date keeps seconds since 2001; the
            // conversion rounds (this start comes back 1.2e-7 s off), so insertEvent must return
            // the stored value, not the caller's Date.
            #expect(read == inserted)
            #expect(abs(read.start.timeIntervalSince(at(0.1))) < 1e-6)
        }
    }

    @Test("insertEvents stores a batch and returns each event as events(session:) reads it", arguments: StoreBackendUnderTest.allCases)
    func insertBatch(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let session = try await store.newSession().info.id
            let inserted = try await store.insertEvents([
                NewEvent(kind: .tabHidden, source: .page, start: at(1.1), end: at(2.3)),
                NewEvent(kind: .phone, source: .detector, start: at(4.7), confidence: 0.6),
            ], session: session)
            #expect(Set(inserted.map(\.id)).count == 2)
            let read = try await store.events(session: session)
            #expect(read == inserted)
        }
    }

    @Test("insertEvents into an ended session throws sessionEnded and stores none of the batch", arguments: StoreBackendUnderTest.allCases)
    func insertBatchAfterEnd(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let session = try await store.newSession().info.id
            _ = try await store.endSession(id: session, at: at(10))
            await expectStoreError(.sessionEnded(session, at: at(10))) {
                try await store.insertEvents([NewEvent(kind: .phone, source: .detector, start: at(11)),
                                              NewEvent(kind: .book, source: .detector, start: at(12))], session: session)
            }
            let found = try await store.count("event")
            #expect(found == 0)
        }
    }

    @Test("events come back in start order, not insertion order", arguments: StoreBackendUnderTest.allCases)
    func startOrder(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let session = try await store.newSession().info.id
            for (kind, start) in [(EventKind.phone, 30.0), (.tabHidden, 10.0), (.noFace, 20.0)] {
                _ = try await store.insertEvent(NewEvent(kind: kind, source: .detector, start: at(start)), session: session)
            }
            let events = try await store.events(session: session)
            #expect(events.map(\.kind) == [.tabHidden, .noFace, .phone])
            #expect(events.map(\.start) == [at(10), at(20), at(30)])
        }
    }

    @Test("events(session:) returns only that session's events", arguments: StoreBackendUnderTest.allCases)
    func eventsPerSession(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let a = try await store.newSession().info.id
            let b = try await store.newSession().info.id
            let inA = try await store.insertEvent(NewEvent(kind: .book, source: .detector, start: at(1)), session: a)
            _ = try await store.insertEvent(NewEvent(kind: .device, source: .detector, start: at(2)), session: b)
            #expect(try await store.events(session: a).map(\.id) == [inA.id])
        }
    }

    @Test("insertEvent into an unknown session throws sessionNotFound and stores nothing", arguments: StoreBackendUnderTest.allCases)
    func insertIntoUnknownSession(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            await expectStoreError(.sessionNotFound("nope")) {
                try await store.insertEvent(NewEvent(kind: .phone, source: .external, start: at(1)), session: "nope")
            }
            let found = try await store.count("event")
            #expect(found == 0)
        }
    }

    @Test("insertEvent after endSession throws sessionEnded and stores nothing", arguments: StoreBackendUnderTest.allCases)
    func insertAfterEnd(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let session = try await store.newSession().info.id
            _ = try await store.insertEvent(NewEvent(kind: .noFace, source: .detector, start: at(1), end: at(2)), session: session)
            _ = try await store.endSession(id: session, at: at(60))
            await expectStoreError(.sessionEnded(session, at: at(60))) {
                try await store.insertEvent(NewEvent(kind: .phone, source: .external, start: at(61)), session: session)
            }
            let found = try await store.count("event")
            #expect(found == 1)
            #expect(try await store.events(session: session).map(\.kind) == [.noFace])
        }
    }

    @Test("endSession closes open events at the end time and leaves closed ones alone", arguments: StoreBackendUnderTest.allCases)
    func endSessionClosesOpenEvents(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let session = try await store.newSession().info.id
            let open = try await store.insertEvent(NewEvent(kind: .lookingAway, source: .detector, start: at(10)), session: session)
            let closed = try await store.insertEvent(NewEvent(kind: .tabHidden, source: .page, start: at(20), end: at(25)), session: session)
            let info = try await store.endSession(id: session, at: at(100))
            #expect(info.endedAt == at(100))
            #expect(info.status == .ended)
            #expect(try await store.session(id: session)?.endedAt == at(100))
            let ends = Dictionary(uniqueKeysWithValues: try await store.events(session: session).map { ($0.id, $0.end) })
            #expect(ends[open.id] == .some(at(100)))
            #expect(ends[closed.id] == .some(at(25)))
        }
    }

    @Test("ending a session twice throws sessionEnded with the first end time", arguments: StoreBackendUnderTest.allCases)
    func endTwice(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let session = try await store.newSession().info.id
            _ = try await store.endSession(id: session, at: at(50))
            await expectStoreError(.sessionEnded(session, at: at(50))) {
                try await store.endSession(id: session, at: at(70))
            }
            #expect(try await store.session(id: session)?.endedAt == at(50))
        }
    }

    @Test("ending an unknown session throws sessionNotFound", arguments: StoreBackendUnderTest.allCases)
    func endUnknownSession(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            await expectStoreError(.sessionNotFound("ghost")) { try await store.endSession(id: "ghost", at: at(1)) }
        }
    }

    @Test("endEvent sets the end and keeps the higher confidence", arguments: StoreBackendUnderTest.allCases)
    func endEventKeepsHigherConfidence(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let session = try await store.newSession().info.id
            let rising = try await store.insertEvent(NewEvent(kind: .phone, source: .detector, start: at(10), confidence: 0.6), session: session)
            let falling = try await store.insertEvent(NewEvent(kind: .book, source: .detector, start: at(20), confidence: 0.8), session: session)
            let unchanged = try await store.insertEvent(NewEvent(kind: .device, source: .detector, start: at(30), confidence: 0.7), session: session)
            try await store.endEvent(rising.id, session: session, at: at(15), confidence: 0.9)
            try await store.endEvent(falling.id, session: session, at: at(25), confidence: 0.5)
            try await store.endEvent(unchanged.id, session: session, at: at(35))
            let byID = Dictionary(uniqueKeysWithValues: try await store.events(session: session).map { ($0.id, $0) })
            #expect(byID[rising.id]?.end == at(15))
            #expect(byID[rising.id]?.confidence == 0.9)
            #expect(byID[falling.id]?.end == at(25))
            #expect(byID[falling.id]?.confidence == 0.8)
            #expect(byID[unchanged.id]?.end == at(35))
            #expect(byID[unchanged.id]?.confidence == 0.7)
        }
    }

    @Test("endEvent on an unknown id, or on another session's event, throws eventNotFound", arguments: StoreBackendUnderTest.allCases)
    func endUnknownEvent(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let session = try await store.newSession().info.id
            let other = try await store.newSession().info.id
            let event = try await store.insertEvent(NewEvent(kind: .phone, source: .detector, start: at(1)), session: other)
            await expectStoreError(.eventNotFound(9_999, session: session)) {
                try await store.endEvent(9_999, session: session, at: at(2))
            }
            await expectStoreError(.eventNotFound(event.id, session: session)) {
                try await store.endEvent(event.id, session: session, at: at(2))
            }
            #expect(try await store.events(session: other).first?.end == nil)
        }
    }
}

@Suite("Retention and recovery")
struct StoreRetentionTests {
    @Test("purgeSessions deletes sessions that ended before the cutoff with their events, and keeps newer ones", arguments: StoreBackendUnderTest.allCases)
    func purgeByAge(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let now = Date()
            let old = try await store.createSession(title: nil, candidateName: "Old", interviewerName: "I", at: now.addingTimeInterval(-10 * 86_400))
            _ = try await store.insertEvent(NewEvent(kind: .tabHidden, source: .page, start: now.addingTimeInterval(-10 * 86_400 + 5)), session: old.info.id)
            _ = try await store.endSession(id: old.info.id, at: now.addingTimeInterval(-9 * 86_400))
            let recent = try await store.createSession(title: nil, candidateName: "New", interviewerName: "I", at: now.addingTimeInterval(-86_400))
            let deleted = try await store.purgeSessions(before: now.addingTimeInterval(-7 * 86_400))
            #expect(deleted == [old.info.id])
            #expect(try await store.session(id: old.info.id) == nil)
            #expect(try await store.eventCount(session: old.info.id) == 0)
            #expect(try await store.session(id: recent.info.id) != nil)
        }
    }

    @Test("recovery closes open events at the last heartbeat and marks them interrupted; closed events stay as they were", arguments: StoreBackendUnderTest.allCases)
    func recovery(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let now = Date()
            let session = try await store.createSession(title: nil, candidateName: "A", interviewerName: "B", at: now.addingTimeInterval(-100))
            let open = try await store.insertEvent(NewEvent(kind: .noFace, source: .detector, start: now.addingTimeInterval(-50)), session: session.info.id)
            let closed = try await store.insertEvent(NewEvent(kind: .phone, source: .detector, start: now.addingTimeInterval(-40), end: now.addingTimeInterval(-35)), session: session.info.id)
            try await store.heartbeat(at: now.addingTimeInterval(-10))
            let recovery = try await store.recoverInterruptedEvents(now: now)
            #expect(recovery.interruptedEvents == 1)
            let events = try await store.events(session: session.info.id)
            let recovered = try #require(events.first { $0.id == open.id })
            #expect(recovered.interrupted)
            #expect(abs(try #require(recovered.end).timeIntervalSince(now.addingTimeInterval(-10))) < 0.001)
            let untouched = try #require(events.first { $0.id == closed.id })
            #expect(!untouched.interrupted)
        }
    }
}
