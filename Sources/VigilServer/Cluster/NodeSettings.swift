import Foundation

/// This server as one node of several sharing a PostgreSQL store: its id, how often it
/// heartbeats, and how long a silent node is given before another fails it over. Its capacity is
/// `ServerConfiguration.maxLiveSessions`, its URL `publicURL` (or http://HOST:PORT as bound).
/// Ignored on SQLite, where the server is the one implicit node.
public struct NodeSettings: Sendable, Equatable {
    /// Unique among the nodes of one database, and the same across restarts of this node (so
    /// its restart recovers its own sessions); `vigil serve` keeps one in DATA_DIR/node.id.
    public var id: String
    public var heartbeatSeconds: Double
    /// A node whose last heartbeat is older than this is dead: its live sessions are interrupted
    /// and the next join of each places it on a live node.
    public var deadAfterSeconds: Double

    public init(id: String, heartbeatSeconds: Double = 2, deadAfterSeconds: Double = 6) {
        self.id = id
        self.heartbeatSeconds = heartbeatSeconds
        self.deadAfterSeconds = deadAfterSeconds
    }
}
