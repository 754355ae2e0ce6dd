import Foundation

/// Why the store refused or failed a request, worded for the person who has to act on it.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case sessionNotFound(String)
    case sessionEnded(String, at: Date)
    case eventNotFound(Int64, session: String?)
    case cannotOpen(path: String, reason: String)
    /// SQLite refused a write (disk full, read-only file, I/O error): nothing was stored.
    case writeFailed(String)
    case readFailed(String)

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
        case .writeFailed(let reason):
            "the database refused the write, nothing was stored: \(reason)"
        case .readFailed(let reason):
            "the database could not be read: \(reason)"
        }
    }
}
