import Foundation
import VigilCore

/// Every session, token, event and snapshot, kept durably: what the rest of Vigil calls to store
/// and read. It is a facade over one `StoreBackend`: an SQLite file by default (one machine,
/// nothing to run beside Vigil) or a PostgreSQL server that several nodes share. Both give the
/// same guarantees: a write returns only once it is committed durably (SQLite `synchronous = FULL`
/// in WAL mode; PostgreSQL `synchronous_commit = on`), so an acknowledged event survives a
/// `kill -9` or a power cut, and both refuse the same things with the same `StoreError`s.
public final class Store: Sendable {
    let backend: any StoreBackend
    /// Where the data lives, for logs and health checks: the SQLite file's path, or the
    /// PostgreSQL URL without its password.
    public var path: String { backend.location }
    /// Which engine holds the data.
    public let engine: Engine

    public enum Engine: String, Sendable {
        case sqlite, postgres
    }

    /// Why writes are being refused, and since when.
    public struct WriteFailure: Sendable, Equatable {
        public var since: Date
        public var reason: String
    }

    /// Non-nil while the database refuses writes (the last write failed); health checks report it.
    public var writeFailure: WriteFailure? { backend.writeFailure }

    /// Opens (creating when missing) the SQLite file at `path` and brings its schema up to date.
    public init(path: String) throws(StoreError) {
        backend = try SQLiteBackend(path: path)
        engine = .sqlite
    }

    init(backend: any StoreBackend, engine: Engine) {
        self.backend = backend
        self.engine = engine
    }

    /// Opens the store at a location as `--db` takes it: a file path or `sqlite:PATH`, or a
    /// `postgres://user@host:port/db` URL (connects, then runs the same migration steps).
    public static func open(_ location: String) async throws(StoreError) -> Store {
        try await open(StoreLocation(parsing: location))
    }

    public static func open(_ location: StoreLocation) async throws(StoreError) -> Store {
        switch location {
        case .sqlite(let path):
            return try Store(path: path)
        case .postgres(let server):
            return Store(backend: try await PostgresBackend.connect(server), engine: .postgres)
        }
    }

    /// How writes are made durable, for health checks and tests: SQLite's journal mode ("wal"),
    /// or "postgresql" and its commit setting ("postgresql, synchronous_commit=on").
    public func journalMode() async throws -> String { try await backend.journalMode() }

    /// SQLite: the writer's `PRAGMA synchronous` level (2 = FULL). PostgreSQL: 2 when commits wait
    /// for the WAL flush (`synchronous_commit` on), 0 when not.
    public func synchronousLevel() async throws -> Int { try await backend.synchronousLevel() }

    /// The migration steps recorded as applied in the database, by name, sorted.
    public func appliedMigrations() async throws(StoreError) -> [String] { try await backend.appliedMigrations() }
}
