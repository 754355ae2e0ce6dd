import Foundation
import GRDB
import Testing
import VigilCore
@testable import VigilStore

/// Issue 11 item 4 in the store: `flagged_at` (when the rule fired) is kept beside the event's
/// span, and a database written before it existed still opens and reads.
@Suite("Store: event spans and flagged_at")
struct StoreEventSpanTests {
    static let lastMigrationBeforeSpans = "v2: interrupted events, server heartbeat"

    @Test("a database made with the schema before flagged_at opens, and its events read as flagged at their start")
    func oldDatabaseReadable() async throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        // The file as a server before spans left it: the v1 and v2 migrations only, rows by raw SQL.
        try {
            let queue = try DatabaseQueue(path: folder.databasePath)
            try Migrations.migrator.migrate(queue, upTo: Self.lastMigrationBeforeSpans)
            try queue.write { db in
                let columns = try db.columns(in: "event").map(\.name)
                #expect(!columns.contains("flagged_at"))
                try db.execute(sql: """
                    INSERT INTO session (id, title, candidate_name, interviewer_name, created_at, ended_at)
                    VALUES ('old-1', 'Before spans', 'Ada', 'Grace', ?, ?);
                    INSERT INTO event (session_id, kind, source, start_at, end_at, confidence, details, created_at)
                    VALUES ('old-1', 'no_face', 'detector', ?, ?, 1, 'stored by the old server', ?);
                    INSERT INTO event (session_id, kind, source, start_at, end_at, confidence, details, created_at, interrupted)
                    VALUES ('old-1', 'phone', 'detector', ?, NULL, 0.7, NULL, ?, 0);
                    INSERT INTO review (event_id, decision, reviewer, at, note) VALUES (1, 'dismissed', 'Alan', ?, 'old note');
                    """, arguments: [at(0).storedValue, at(600).storedValue,
                                     at(18).storedValue, at(22).storedValue, at(18).storedValue,
                                     at(40).storedValue, at(40).storedValue, at(700).storedValue])
            }
        }()

        let store = try Store(path: folder.databasePath)
        let applied = try await store.pool.read { db in try Migrations.migrator.appliedIdentifiers(db) }
        #expect(applied == Set(Migrations.migrator.migrations))
        let events = try await store.events(session: "old-1")
        try #require(events.count == 2)
        #expect(events.map(\.kind) == [.noFace, .phone])
        #expect(events[0].start == at(18))
        #expect(events[0].end == at(22))
        #expect(events[0].flaggedAt == at(18))
        #expect(events[0].details == "stored by the old server")
        #expect(events[0].review?.decision == .dismissed)
        #expect(events[1].flaggedAt == at(40))
        #expect(events[1].end == nil)
        // The column was back-filled, not just read around.
        let stored = try await store.pool.read { db in try Double.fetchAll(db, sql: "SELECT flagged_at FROM event ORDER BY id") }
        #expect(stored == [at(18).storedValue, at(40).storedValue])
        // The old session takes new events, spans and all.
        try await store.endEvent(events[1].id, session: "old-1", at: at(45))
        #expect(try await store.events(session: "old-1")[1].end == at(45))
    }

    @Test("an event stored when its rule fired keeps its onset as start, the flag time, and its end", arguments: StoreBackendUnderTest.allCases)
    func flaggedAtRoundTrip(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let id = try await store.newSession().info.id
            let inserted = try await store.insertEvent(
                NewEvent(kind: .noFace, source: .detector, start: at(8), flaggedAt: at(18)), session: id)
            #expect(inserted.start == at(8))
            #expect(inserted.flaggedAt == at(18))
            try await store.endEvent(inserted.id, session: id, at: at(22))
            let read = try #require(try await store.events(session: id).first)
            #expect(read.start == at(8))
            #expect(read.flaggedAt == at(18))
            #expect(read.end == at(22))
            #expect(read.duration(asOf: at(100)) == 14)
        }
    }

    @Test("without a flag time an event is flagged at its start, one by one and in a batch", arguments: StoreBackendUnderTest.allCases)
    func flaggedAtDefaultsToStart(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let id = try await store.newSession().info.id
            let one = try await store.insertEvent(NewEvent(kind: .tabHidden, source: .page, start: at(3)), session: id)
            let batch = try await store.insertEvents(
                [NewEvent(kind: .copyPaste, source: .page, start: at(5)),
                 NewEvent(kind: .phone, source: .detector, start: at(6), end: at(9), flaggedAt: at(7))], session: id)
            #expect(one.flaggedAt == at(3))
            #expect(batch.map(\.flaggedAt) == [at(5), at(7)])
            let read = try await store.events(session: id)
            #expect(read.map(\.flaggedAt) == [at(3), at(5), at(7)])
        }
    }
}
