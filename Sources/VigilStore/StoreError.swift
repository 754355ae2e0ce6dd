import Foundation

/// Why the store refused or failed a request, worded for the person who has to act on it.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case sessionNotFound(String)
    case sessionEnded(String, at: Date)
    case eventNotFound(Int64, session: String?)
    case cannotOpen(path: String, reason: String)
    /// `--db` / `VIGIL_DB` could not be read as a file path or a `postgres://` URL.
    case badLocation(String, reason: String)
    /// The PostgreSQL server could not be reached or refused the connection.
    case cannotConnect(location: String, reason: String)
    /// SQLite refused a write (disk full, read-only file, I/O error): nothing was stored.
    case writeFailed(String)
    case readFailed(String)
    /// No node of the shared store is alive with room for a new session.
    case noNodeWithRoom(nodes: Int)

    public var description: String {
        switch self {
        case .sessionNotFound(let id):
            "no session with id \(id)"
        case .sessionEnded(let id, let at):
            "session \(id) ended at \(at.formatted(.iso8601)); it accepts no more changes"
        case .eventNotFound(let id, let session):
            session.map { "no event \(id) in session \($0)" } ?? "no event \(id)"
        case .cannotOpen(let path, let reason):
            "cannot open the database at \(path): \(reason). Check that the folder exists and is writable, or pass another file with --db"
        case .badLocation(let text, let reason):
            "cannot use \(text) as the database: \(reason)"
        case .cannotConnect(let location, let reason):
            "cannot connect to the PostgreSQL database \(location): \(reason). Check that the server runs there, accepts this user from this host (pg_hba.conf) and that the database exists, or pass another location with --db / VIGIL_DB"
        case .writeFailed(let reason):
            "the database refused the write, nothing was stored: \(reason)"
        case .readFailed(let reason):
            "the database could not be read: \(reason)"
        case .noNodeWithRoom(let nodes):
            nodes == 0 ? "no node is registered in the database yet; start a vigil serve on it (nodes register within seconds of starting)"
                : "none of the \(nodes) registered nodes is alive with room for a session (each is silent or at its --max-live-sessions); try again shortly, or add a node"
        }
    }
}
