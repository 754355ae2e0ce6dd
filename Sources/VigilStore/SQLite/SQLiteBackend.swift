import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GRDB
import Synchronization

/// The store on one SQLite file (the default: one machine, nothing to run beside Vigil). WAL mode
/// lets reports read while events are written; `synchronous = FULL` makes every acknowledged
/// write durable (a `kill -9` or a power cut after the call returns loses nothing).
final class SQLiteBackend: StoreBackend {
    let pool: DatabasePool
    let path: String
    var location: String { path }
    /// The last write SQLite refused (disk full, read-only file, I/O error), until a write succeeds.
    private let failingWrites = Mutex<Store.WriteFailure?>(nil)

    var writeFailure: Store.WriteFailure? { failingWrites.withLock { $0 } }

    init(path: String) throws(StoreError) {
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
            throw .cannotOpen(path: path, reason: Self.explainOpenFailure(path: path, error: error))
        }
    }

    /// SQLite says only "unable to open database file" when the file or its folder cannot be
    /// written (WAL needs both); say which, and why (a read-only file system, permissions).
    static func explainOpenFailure(path: String, error: any Error) -> String {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        for (what, target) in [("the file", path), ("the folder", folder)] where FileManager.default.fileExists(atPath: target) {
            if access(target, W_OK) != 0 {
                let code = errno
                let why = code == EROFS ? "is on a read-only file system" : "is not writable (\(String(cString: strerror(code))))"
                return "\(what) \(target) \(why), and SQLite needs to write there; SQLite said: \(error)"
            }
        }
        return "\(error)"
    }

    /// The journal mode SQLite reports ("wal"), for health checks and tests.
    func journalMode() async throws -> String {
        try await pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// The writer's `PRAGMA synchronous` level (2 = FULL), for tests and health checks.
    func synchronousLevel() async throws -> Int {
        try await pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// Runs a write, turning SQLite failures into `StoreError.writeFailed` and keeping the store's
    /// own errors as they are.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            let result = try await pool.write(body)
            failingWrites.withLock { $0 = nil }
            return result
        } catch let error as StoreError {
            throw error
        } catch {
            failingWrites.withLock { if $0 == nil { $0 = Store.WriteFailure(since: Date(), reason: "\(error)") } }
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

    func countRows(in table: String) async throws(StoreError) -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? -1 }
    }

    func appliedMigrations() async throws(StoreError) -> [String] {
        try await read { db in try Migrations.migrator.appliedIdentifiers(db).sorted() }
    }

    func textRows(_ sql: String) async throws(StoreError) -> [[String?]] {
        try await read { db in try Row.fetchAll(db, sql: sql).map { $0.databaseValues.map(String.fromDatabaseValue) } }
    }
}
