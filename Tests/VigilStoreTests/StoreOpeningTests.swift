import Foundation
import GRDB
import Testing
@testable import VigilStore

@Suite("Store: opening the database")
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

    @Test("opening runs the migrations: every table exists and every step is recorded by name", arguments: StoreBackendUnderTest.allCases)
    func runsMigrations(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            // A table that does not exist fails the count.
            for table in ["session", "role_token", "event", "snapshot", "review", "server_heartbeat", "candidate_message",
                          "recording", "identity_enrolment"] {
                let rows = try await store.count(table)
                #expect(rows == 0, "table \(table)")
            }
            let applied = try await store.appliedMigrations()
            #expect(applied == Migrations.migrator.migrations.sorted())
            let sessions = try await store.sessionCount()
            #expect(sessions == 0)
        }
    }

    @Test("PostgreSQL's migration steps are SQLite's, by the same names in the same order")
    func sameMigrationSteps() {
        #expect(PostgresMigrations.steps.map(\.name) == Migrations.migrator.migrations)
    }

    @Test("reopening the same database applies no step twice and keeps the data", arguments: StoreBackendUnderTest.allCases)
    func reopeningAppliesNothingTwice(_ backend: StoreBackendUnderTest) async throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let location = backend == .sqlite ? folder.databasePath : try await PostgresTestServer.shared().newDatabase()
        let sessionID = try await {
            let store = try await Store.open(location)
            return try await store.newSession().info.id
        }()
        let reopened = try await Store.open(location)
        #expect(try await reopened.appliedMigrations() == Migrations.migrator.migrations.sorted())
        #expect(try await reopened.session(id: sessionID)?.candidateName == "Ada")
    }

    @Test("SQLite: the journal mode is WAL")
    func journalModeIsWAL() async throws {
        try await withStore(.sqlite) { store, _ in
            let mode = try await store.journalMode()
            #expect(mode == "wal")
        }
    }

    @Test("SQLite: the writer connection runs with synchronous = FULL, as Store's documentation promises")
    func writerIsSynchronousFull() async throws {
        try await withStore(.sqlite) { store, _ in
            let fromStore = try await store.synchronousLevel()
            let fromSQL = try await store.pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
            // PRAGMA synchronous: 0 OFF, 1 NORMAL (what GRDB sets when it enables WAL), 2 FULL, 3 EXTRA.
            #expect(fromStore == 2)
            #expect(fromSQL == 2)
        }
    }

    @Test("SQLite: reopening the same file keeps sessions and events")
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

    @Test("SQLite: a folder that cannot be created (under a regular file) throws cannotOpen with the path")
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

    @Test("PostgreSQL: commits wait for the WAL flush (synchronous_commit on, fsync on), as Store's documentation promises")
    func postgresCommitsAreDurable() async throws {
        try await withStore(.postgres) { store, _ in
            let level = try await store.synchronousLevel()
            let mode = try await store.journalMode()
            #expect(level == 2)
            #expect(mode == "postgresql, synchronous_commit=on, fsync=on")
        }
    }

    @Test("PostgreSQL: no server on the port throws cannotConnect naming the host, the port and the refusal")
    func postgresServerDown() async throws {
        let port = try PostgresTestServer.freeLoopbackPort()
        let url = "postgres://vigil@127.0.0.1:\(port)/vigil?sslmode=disable"
        do {
            _ = try await Store.open(url)
            Issue.record("opening \(url) should have failed")
        } catch {
            guard case .cannotConnect(let location, let reason) = error else {
                Issue.record("expected cannotConnect, got \(error)")
                return
            }
            #expect(location == "postgres://vigil@127.0.0.1:\(port)/vigil")
            #expect(reason.contains("127.0.0.1:\(port)"), "\(reason)")
            #expect(reason.lowercased().contains("refused"), "\(reason)")
        }
    }

    @Test("PostgreSQL: a database that does not exist throws cannotConnect with the server's own words")
    func postgresNoSuchDatabase() async throws {
        let server = try await PostgresTestServer.shared()
        let url = "postgres://vigil@127.0.0.1:\(server.port)/no_such_database?sslmode=disable"
        do {
            _ = try await Store.open(url)
            Issue.record("opening \(url) should have failed")
        } catch {
            guard case .cannotConnect(_, let reason) = error else {
                Issue.record("expected cannotConnect, got \(error)")
                return
            }
            #expect(reason.contains("database \"no_such_database\" does not exist"), "\(reason)")
            #expect(error.description.contains("127.0.0.1:\(server.port)"))
        }
    }

    @Test("a location is a file path, sqlite:PATH or a postgres:// URL; a URL without a database is refused")
    func locations() throws {
        #expect(try StoreLocation(parsing: "data/vigil.sqlite") == .sqlite(path: "data/vigil.sqlite"))
        #expect(try StoreLocation(parsing: "sqlite:/tmp/v.sqlite") == .sqlite(path: "/tmp/v.sqlite"))
        let postgres = try StoreLocation(parsing: "postgres://vigil:secret@db.example:6543/prod?sslmode=require")
        #expect(postgres == .postgres(.init(host: "db.example", port: 6543, user: "vigil", password: "secret", database: "prod",
                                            sslMode: .require)))
        #expect(postgres.description == "postgres://vigil@db.example:6543/prod")
        #expect(throws: StoreError.self) { try StoreLocation(parsing: "postgres://vigil@db.example:6543") }
        #expect(throws: StoreError.self) { try StoreLocation(parsing: "postgres://db.example/prod") }
    }
}
