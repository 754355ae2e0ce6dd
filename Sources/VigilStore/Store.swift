import Foundation
import GRDB

/// The one SQLite file that holds every session, token, event and snapshot. WAL mode lets reports
/// read while events are written; `synchronous = FULL` makes every acknowledged write durable
/// (a `kill -9` or a power cut after the call returns loses nothing).
public final class Store: Sendable {
    let pool: DatabasePool
    public let path: String

    public init(path: String) throws(StoreError) {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        do {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB sets NORMAL on the writer when it enables WAL; FULL syncs the WAL at each
            // commit, so an acknowledged event also survives a power cut, not only a crash.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try Migrations.migrator.migrate(pool)
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// The journal mode SQLite reports ("wal"), for health checks and tests.
    public func journalMode() async throws -> String {
        try await pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// The writer's `PRAGMA synchronous` level (2 = FULL), for tests and health checks.
    public func synchronousLevel() async throws -> Int {
        try await pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// Runs a write, turning SQLite failures into `StoreError.writeFailed` and keeping the store's
    /// own errors as they are.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .writeFailed("\(error)")
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .readFailed("\(error)")
        }
    }
}

extension Date {
    /// Stored as seconds since 1970 (a DOUBLE), which keeps sub-millisecond precision and sorts.
    var storedValue: Double { timeIntervalSince1970 }
    init(stored: Double) { self.init(timeIntervalSince1970: stored) }
}
