import Foundation

/// One `vigil serve` as the shared store knows it: where its pages and signaling answer, how many
/// live sessions it takes and holds, and when it last said it was alive. Nodes matter on
/// PostgreSQL, where several servers share one database; a server on an SQLite file is the one
/// implicit node and registers nothing.
public struct NodeRecord: Sendable, Equatable {
    public var id: String
    /// The base of its join links and signaling, e.g. `http://10.0.0.2:8080`.
    public var url: String
    /// Live sessions it takes at once (0: no cap).
    public var capacity: Int
    /// Live sessions it held at its last heartbeat.
    public var liveSessions: Int
    public var heartbeatAt: Date
    /// When it was found dead (silent past the timeout, or restarted) and its live sessions were
    /// interrupted; nil while it is alive.
    public var failedAt: Date?

    public init(id: String, url: String, capacity: Int, liveSessions: Int, heartbeatAt: Date, failedAt: Date? = nil) {
        self.id = id
        self.url = url
        self.capacity = capacity
        self.liveSessions = liveSessions
        self.heartbeatAt = heartbeatAt
        self.failedAt = failedAt
    }
}

/// Where a session's call runs: its node, and that node's public URL (join links, redirects).
public struct Placement: Sendable, Equatable {
    public var node: String
    public var url: String

    public init(node: String, url: String) {
        self.node = node
        self.url = url
    }
}

/// A session's node as stored, and whether that node is alive.
public struct SessionPlacement: Sendable, Equatable {
    /// Nil for a session created without placement (SQLite, `vigil analyze`, or before nodes).
    public var placement: Placement?
    /// Whether its node heartbeats within the timeout and was not failed over.
    public var nodeAlive: Bool
    /// When the session's node was last found dead with the session live (the node's last
    /// heartbeat: its open events were closed there as interrupted); nil if that never happened.
    public var interruptedAt: Date?
}

/// What failing over one dead node did: its live sessions are interrupted, their open events
/// closed at its last heartbeat (as after a crash on one machine), and the analysis jobs it was
/// running go back to the queue for another node.
public struct NodeFailover: Sendable, Equatable {
    public var node: String
    public var lastHeartbeat: Date
    public var interruptedSessions: [String]
    public var interruptedEvents: Int
    /// The `AnalysisJob`s it was running, queued again.
    public var requeuedJobs: [Int64] = []
}
