import Foundation

/// Where the store keeps its data, as given to `--db` or `VIGIL_DB`: a file path (or `sqlite:PATH`)
/// for the embedded SQLite file, or `postgres://user[:password]@host[:port]/database` for a shared
/// PostgreSQL server (`postgresql://` too; `?sslmode=disable|prefer|require`, default `prefer`).
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    /// The parts of a `postgres://` URL the client needs.
    public struct PostgresLocation: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var user: String
        public var password: String?
        public var database: String
        public var sslMode: SSLMode

        public enum SSLMode: String, Sendable {
            case disable, prefer, require
        }

        /// The URL without its password, for logs and health checks.
        public var redacted: String { "postgres://\(user)@\(host):\(port)/\(database)" }
    }

    /// Reads a location; a malformed `postgres://` URL is refused with what is wrong and an example.
    public init(parsing text: String) throws(StoreError) {
        let lower = text.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            self = .postgres(try Self.parsePostgres(text))
        } else if lower.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }  // sqlite:///abs/path
            self = .sqlite(path: path)
        } else {
            self = .sqlite(path: text)
        }
    }

    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let location): location.redacted
        }
    }

    private static func parsePostgres(_ text: String) throws(StoreError) -> PostgresLocation {
        let example = "postgres://vigil@127.0.0.1:5432/vigil"
        guard let url = URLComponents(string: text), let host = url.host, !host.isEmpty else {
            throw .badLocation(text, reason: "it is not a URL with a host; write it as \(example)")
        }
        let database = String(url.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw .badLocation(text, reason: "it names no database after the host; write it as \(example)")
        }
        guard let user = url.user, !user.isEmpty else {
            throw .badLocation(text, reason: "it names no user before the host; write it as \(example)")
        }
        var sslMode = PostgresLocation.SSLMode.prefer
        if let value = url.queryItems?.first(where: { $0.name == "sslmode" })?.value {
            guard let mode = PostgresLocation.SSLMode(rawValue: value) else {
                throw .badLocation(text, reason: "sslmode=\(value) is not one of disable, prefer, require")
            }
            sslMode = mode
        }
        return PostgresLocation(host: host, port: url.port ?? 5432, user: user.removingPercentEncoding ?? user,
                                password: url.password?.removingPercentEncoding, database: database, sslMode: sslMode)
    }
}
