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

/// Runs `body` with a store on a real SQLite file in a fresh temporary folder, then closes the
/// store and deletes the folder (also when `body` throws).
func withStore(_ body: (Store, TempFolder) async throws -> Void) async throws {
    let folder = try TempFolder()
    defer { folder.remove() }
    try await {
        let store = try Store(path: folder.databasePath)
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
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? -1 }
    }
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
