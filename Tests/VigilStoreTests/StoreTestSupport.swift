import Foundation
import GRDB
import Testing
import VigilCore
@testable import VigilStore

/// A fresh folder under the system temporary directory, removed by `remove()`.
struct TempFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("vigil-store-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var databasePath: String { url.appendingPathComponent("vigil.sqlite").path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// The engines every store test runs against: a real SQLite file, and a real PostgreSQL server
/// this test process starts (`PostgresTestServer`), one new database per test.
enum StoreBackendUnderTest: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// A new, empty store of this engine; SQLite's file lives in `folder`.
    func openStore(in folder: TempFolder) async throws -> Store {
        switch self {
        case .sqlite: try Store(path: folder.databasePath)
        case .postgres: try await Store.open(try await PostgresTestServer.shared().newDatabase())
        }
    }
}

/// Runs `body` with a new store of the given engine (a real SQLite file in a fresh temporary
/// folder, or a new database on the test PostgreSQL server), then closes the store and deletes
/// the folder (also when `body` throws). The folder is there for files a test writes (recordings).
func withStore(_ backend: StoreBackendUnderTest = .sqlite, _ body: (Store, TempFolder) async throws -> Void) async throws {
    let folder = try TempFolder()
    defer { folder.remove() }
    try await {
        let store = try await backend.openStore(in: folder)
        try await body(store, folder)
    }()
}

/// Fixed, whole-second instants: Dates survive the store's DOUBLE round trip exactly.
let t0 = Date(timeIntervalSince1970: 1_750_000_000)
func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

extension Store {
    func newSession(at now: Date = t0) async throws -> CreatedSession {
        try await createSession(title: "Algorithms", candidateName: "Ada", interviewerName: "Grace", at: now)
    }

    /// A count straight from SQL, bypassing the store's own queries.
    func count(_ table: String) async throws -> Int {
        try await backend.countRows(in: table)
    }

    /// The SQLite backend's GRDB pool, for tests of SQLite-only behaviour.
    var pool: DatabasePool {
        get throws {
            guard let sqlite = backend as? SQLiteBackend else { throw StoreTestFailure("this store is not on SQLite") }
            return sqlite.pool
        }
    }
}

struct StoreTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Expects `body` to throw exactly `expected`.
func expectStoreError<T>(_ expected: StoreError, sourceLocation: SourceLocation = #_sourceLocation,
                         _ body: () async throws -> T) async {
    do {
        _ = try await body()
        Issue.record("expected \(expected), but the call succeeded", sourceLocation: sourceLocation)
    } catch {
        #expect(error as? StoreError == expected, "got \(error)", sourceLocation: sourceLocation)
    }
}
