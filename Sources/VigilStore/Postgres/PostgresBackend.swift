import Foundation
import Logging
import NIOSSL
import PostgresNIO
import Synchronization

/// The store on a PostgreSQL server, so several Vigil nodes can share one database. Connections
/// come from PostgresNIO's pool; every write runs in its own transaction and returns only after
/// COMMIT, with `synchronous_commit = on` asked for at connection start-up, so an acknowledged
/// write is in the server's flushed WAL (as durable as the server's `fsync` makes it).
final class PostgresBackend: StoreBackend {
    let server: StoreLocation.PostgresLocation
    let client: PostgresClient
    let logger: Logger
    private let running: Task<Void, Never>
    private let failingWrites = Mutex<Store.WriteFailure?>(nil)

    var location: String { server.redacted }
    var writeFailure: Store.WriteFailure? { failingWrites.withLock { $0 } }

    /// Connects once first, so a server that cannot be reached is reported at once with what it
    /// said (a pool would retry quietly), runs the migrations on that connection, then opens the pool.
    static func connect(_ server: StoreLocation.PostgresLocation) async throws(StoreError) -> PostgresBackend {
        let logger = Logger(label: "vigil.store.postgres")
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: try connectionConfiguration(server), id: 1, logger: logger)
        } catch {
            throw .cannotConnect(location: server.redacted, reason: explain(error, server: server))
        }
        do {
            try await PostgresMigrations.migrate(connection, logger: logger)
            try? await connection.close()
        } catch {
            try? await connection.close()
            throw .cannotOpen(path: server.redacted, reason: "the migrations failed: \(explain(error, server: server))")
        }
        return try PostgresBackend(server: server, logger: logger)
    }

    private init(server: StoreLocation.PostgresLocation, logger: Logger) throws(StoreError) {
        self.server = server
        self.logger = logger
        var configuration = PostgresClient.Configuration(
            host: server.host, port: server.port, username: server.user, password: server.password, database: server.database,
            tls: .disable)
        switch server.sslMode {
        case .disable: configuration.tls = .disable
        case .prefer: configuration.tls = .prefer(.makeClientConfiguration())
        case .require: configuration.tls = .require(.makeClientConfiguration())
        }
        configuration.options.additionalStartupParameters = Self.startupParameters
        configuration.options.maximumConnections = 20
        let client = PostgresClient(configuration: configuration)
        self.client = client
        running = Task { await client.run() }
    }

    deinit { running.cancel() }

    /// Asked for on every connection whatever the server's default: commits wait for the WAL flush.
    static let startupParameters = [("synchronous_commit", "on"), ("application_name", "vigil")]

    static func connectionConfiguration(_ server: StoreLocation.PostgresLocation) throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS = switch server.sslMode {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        var configuration = PostgresConnection.Configuration(
            host: server.host, port: server.port, username: server.user, password: server.password, database: server.database, tls: tls)
        configuration.options.additionalStartupParameters = startupParameters
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    /// PostgresNIO's errors print a generic text on purpose (they may hold data); say what the
    /// server answered (its message, SQLSTATE, detail, hint) or why the connection failed.
    static func explain(_ error: any Error, server: StoreLocation.PostgresLocation) -> String {
        if let error = error as? PostgresTransactionError {
            return explain(error.closureError ?? error.beginError ?? error.commitError ?? error.rollbackError ?? error, server: server)
        }
        guard let error = error as? PSQLError else { return String(describing: error) }
        if let info = error.serverInfo, let message = info[.message] {
            var text = "the server said: \(message)"
            if let state = info[.sqlState] { text += " (SQLSTATE \(state))" }
            if let detail = info[.detail] { text += "; \(detail)" }
            if let hint = info[.hint] { text += "; hint: \(hint)" }
            return text
        }
        if let underlying = error.underlying {
            return "no connection to \(server.host):\(server.port) (\(error.code)): \(underlying)"
        }
        return "\(error.code) talking to \(server.host):\(server.port)"
    }

    /// Runs `body` in one transaction on a pooled connection: COMMIT before returning, ROLLBACK
    /// when it throws. The store's own errors pass as they are; PostgreSQL's become `writeFailed`.
    func write<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        try await tracked {
            try await client.withConnection { connection in
                try await connection.query("BEGIN", logger: logger)
                do {
                    let value = try await body(connection)
                    try await connection.query("COMMIT", logger: logger)
                    return value
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
        }
    }

    /// Runs one statement as its own transaction (committed when the server answers): one round
    /// trip, for writes that need no check before them.
    func write(_ query: PostgresQuery) async throws(StoreError) -> [PostgresRandomAccessRow] {
        try await tracked { try await client.withConnection { connection in try await connection.rows(query, logger: logger) } }
    }

    /// Remembers a failed write until the next one succeeds (health checks report it).
    private func tracked<T: Sendable>(_ body: () async throws -> T) async throws(StoreError) -> T {
        do {
            let result = try await body()
            failingWrites.withLock { $0 = nil }
            return result
        } catch let error as StoreError {
            throw error
        } catch {
            let reason = Self.explain(error, server: server)
            failingWrites.withLock { if $0 == nil { $0 = Store.WriteFailure(since: Date(), reason: reason) } }
            throw .writeFailed(reason)
        }
    }

    func read<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .readFailed(Self.explain(error, server: server))
        }
    }

    func read(_ query: PostgresQuery) async throws(StoreError) -> [PostgresRandomAccessRow] {
        try await read { connection in try await connection.rows(query, logger: logger) }
    }

    func journalMode() async throws -> String {
        "postgresql, synchronous_commit=\(try await setting("synchronous_commit")), fsync=\(try await setting("fsync"))"
    }

    func synchronousLevel() async throws -> Int {
        try await setting("synchronous_commit") == "off" ? 0 : 2
    }

    private func setting(_ name: String) async throws(StoreError) -> String {
        let rows = try await read(PostgresQuery(unsafeSQL: "SHOW \(name)"))
        return try rows.first.map { row throws(StoreError) in try row.value(0, String.self) } ?? ""
    }

    func appliedMigrations() async throws(StoreError) -> [String] {
        try await read("SELECT identifier FROM \(unescaped: PostgresMigrations.table) ORDER BY identifier").map { row throws(StoreError) in
            try row.value("identifier", String.self)
        }.sorted()
    }

    func countRows(in table: String) async throws(StoreError) -> Int {
        try await read(PostgresQuery(unsafeSQL: "SELECT COUNT(*) AS n FROM \(table)")).first?.value("n", Int.self) ?? -1
    }
}

extension PostgresBackend {
    func textRows(_ sql: String) async throws(StoreError) -> [[String?]] {
        try await read { connection in
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).collect().map { row in
                try row.map { cell in try cell.decode(String?.self) }
            }
        }
    }
}

extension PostgresConnection {
    /// Every row of a query, random-access by column name.
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRandomAccessRow] {
        try await self.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
    }
}

extension PostgresRandomAccessRow {
    /// A column's value by name; a wrong type or a missing column is a read failure.
    func value<T: PostgresDecodable>(_ column: String, _ type: T.Type = T.self) throws(StoreError) -> T {
        do { return try self[column].decode(T.self) } catch { throw .readFailed("column \(column): \(error)") }
    }

    func value<T: PostgresDecodable>(_ index: Int, _ type: T.Type = T.self) throws(StoreError) -> T {
        do { return try self[index].decode(T.self) } catch { throw .readFailed("column \(index): \(error)") }
    }

    /// A stored date (seconds since 1970 as DOUBLE PRECISION), or nil for NULL.
    func date(_ column: String) throws(StoreError) -> Date? {
        try value(column, Double?.self).map(Date.init(stored:))
    }
}
