import Foundation
import GRDB
import Testing
@testable import VigilStore

@Suite("Store: opening the SQLite file")
struct StoreOpeningTests {
    @Test("opening creates the file in a folder that does not exist yet")
    func createsFileAndFolder() async throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let path = folder.url.appendingPathComponent("nested/deeper/vigil.sqlite").path
        #expect(!FileManager.default.fileExists(atPath: path))
        let store = try Store(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(store.path == path)
    }

    @Test("opening runs the migrations: every table exists and the migration is recorded")
    func runsMigrations() async throws {
        try await withStore { store, _ in
            let tables = try await store.pool.read { db in
                try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            #expect(tables.isSuperset(of: ["session", "role_token", "event", "snapshot", "review", "server_heartbeat"]))
            let applied = try await store.pool.read { db in try Migrations.migrator.appliedIdentifiers(db) }
            #expect(applied == Set(Migrations.migrator.migrations))
            #expect(try await store.sessionCount() == 0)
        }
    }

    @Test("the journal mode is WAL")
    func journalModeIsWAL() async throws {
        try await withStore { store, _ in
            let mode = try await store.journalMode()
            #expect(mode == "wal")
        }
    }

    @Test("the writer connection runs with synchronous = FULL, as Store's documentation promises")
    func writerIsSynchronousFull() async throws {
        try await withStore { store, _ in
            let fromStore = try await store.synchronousLevel()
            let fromSQL = try await store.pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
            // PRAGMA synchronous: 0 OFF, 1 NORMAL (what GRDB sets when it enables WAL), 2 FULL, 3 EXTRA.
            #expect(fromStore == 2)
            #expect(fromSQL == 2)
        }
    }

    @Test("reopening the same file keeps sessions and events")
    func reopeningKeepsData() async throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let (sessionID, eventID) = try await {
            let store = try Store(path: folder.databasePath)
            let session = try await store.newSession()
            let event = try await store.insertEvent(NewEvent(kind: .phone, source: .detector, start: at(5)),
                                                    session: session.info.id)
            return (session.info.id, event.id)
        }()  // the store goes out of scope here and closes the file
        let reopened = try Store(path: folder.databasePath)
        let info = try #require(try await reopened.session(id: sessionID))
        #expect(info.candidateName == "Ada")
        #expect(info.createdAt == t0)
        #expect(try await reopened.events(session: sessionID).map(\.id) == [eventID])
        #expect(try await reopened.journalMode() == "wal")
    }

    @Test("a folder that cannot be created (under a regular file) throws cannotOpen with the path")
    func cannotOpenUnderRegularFile() async throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let blocker = folder.url.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: blocker)
        let path = blocker.appendingPathComponent("sub/vigil.sqlite").path
        do {
            _ = try Store(path: path)
            Issue.record("opening \(path) should have failed")
        } catch {
            guard case .cannotOpen(let reportedPath, let reason) = error else {
                Issue.record("expected cannotOpen, got \(error)")
                return
            }
            #expect(reportedPath == path)
            #expect(!reason.isEmpty)
            #expect(error.description.contains(path))
        }
    }
}
