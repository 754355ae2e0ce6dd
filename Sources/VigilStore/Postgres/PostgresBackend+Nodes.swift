import Foundation
import PostgresNIO
import VigilCore

/// Nodes, placement and fail-over on PostgreSQL (see `Store+Nodes.swift` for what each means).
/// Placement and take-over hold one advisory lock for their transaction, so two creations through
/// two nodes at once cannot both count the same node as least loaded; fail-over locks the dead
/// node's row `FOR UPDATE SKIP LOCKED`, so each dead node is failed over by one live node.
extension PostgresBackend {
    /// The advisory lock key placements take (the migrations take 7150715).
    static let placementLock: Int64 = 7_150_716

    func saveNodeHeartbeat(_ node: NodeRecord) async throws(StoreError) {
        _ = try await write("""
            INSERT INTO node (id, url, capacity, live_sessions, heartbeat_at, failed_at)
            VALUES (\(node.id), \(node.url), \(node.capacity), \(node.liveSessions), \(node.heartbeatAt.storedValue), NULL)
            ON CONFLICT (id) DO UPDATE SET url = excluded.url, capacity = excluded.capacity,
                live_sessions = excluded.live_sessions, heartbeat_at = excluded.heartbeat_at, failed_at = NULL
            """)
    }

    func nodes() async throws(StoreError) -> [NodeRecord] {
        try await read("SELECT * FROM node ORDER BY id").map { row throws(StoreError) in try Self.nodeRecord(row) }
    }

    func insertPlacedSession(_ info: SessionInfo, tokenHashes: [(role: String, hash: Data)], aliveSince: Date) async throws(StoreError) -> Placement {
        try await write { connection in
            let placement = try await Self.leastLoadedNode(connection, aliveSince: aliveSince, logger: logger)
            try await Self.insertSessionRows(connection, info, tokenHashes: tokenHashes, node: placement.node, logger: logger)
            return placement
        }
    }

    func sessionPlacement(_ id: String, aliveSince: Date) async throws(StoreError) -> SessionPlacement? {
        guard let row = try await read("""
            SELECT s.node_id, s.interrupted_at, n.url, n.heartbeat_at, n.failed_at
            FROM session s LEFT JOIN node n ON n.id = s.node_id WHERE s.id = \(id)
            """).first else { return nil }
        return try Self.sessionPlacement(row, aliveSince: aliveSince)
    }

    func takeOverSession(_ id: String, aliveSince: Date) async throws(StoreError) -> Placement {
        try await write { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.placementLock))", logger: logger)
            guard let row = try await connection.rows("""
                SELECT s.node_id, s.interrupted_at, n.url, n.heartbeat_at, n.failed_at
                FROM session s LEFT JOIN node n ON n.id = s.node_id WHERE s.id = \(id)
                """, logger: logger).first else { throw StoreError.sessionNotFound(id) }
            let current = try Self.sessionPlacement(row, aliveSince: aliveSince)
            if current.nodeAlive, let placement = current.placement { return placement }
            // A dead node no one failed over yet (a page rejoined first): interrupt the session as
            // the fail-over would, at that node's last heartbeat, before it moves.
            if current.placement != nil, try row.date("failed_at") == nil, let lastHeartbeat = try row.date("heartbeat_at") {
                try await connection.query("""
                    UPDATE session SET interrupted_at = \(lastHeartbeat.storedValue)
                    WHERE id = \(id) AND ended_at IS NULL AND joined_at IS NOT NULL
                    """, logger: logger)
                try await connection.query("""
                    UPDATE event SET end_at = GREATEST(start_at, \(lastHeartbeat.storedValue)), interrupted = 1
                    WHERE session_id = \(id) AND end_at IS NULL
                    """, logger: logger)
            }
            let placement = try await Self.leastLoadedNode(connection, aliveSince: aliveSince, locked: true, logger: logger)
            try await connection.query("UPDATE session SET node_id = \(placement.node) WHERE id = \(id)", logger: logger)
            return placement
        }
    }

    func failOverNodes(silentSince: Date, now: Date) async throws(StoreError) -> [NodeFailover] {
        try await write { connection in
            let dead = try await connection.rows("""
                SELECT id, heartbeat_at FROM node WHERE failed_at IS NULL AND heartbeat_at < \(silentSince.storedValue)
                ORDER BY id FOR UPDATE SKIP LOCKED
                """, logger: logger)
            var failovers: [NodeFailover] = []
            for row in dead {
                let node = try row.value("id", String.self), lastHeartbeat = Date(stored: try row.value("heartbeat_at", Double.self))
                failovers.append(try await Self.interrupt(node: node, lastHeartbeat: lastHeartbeat, now: now, connection, logger: logger))
            }
            return failovers
        }
    }

    func failOverNode(_ id: String, now: Date) async throws(StoreError) -> NodeFailover? {
        try await write { connection in
            guard let row = try await connection.rows(
                "SELECT heartbeat_at FROM node WHERE id = \(id) AND failed_at IS NULL FOR UPDATE", logger: logger).first else { return nil }
            let lastHeartbeat = Date(stored: try row.value("heartbeat_at", Double.self))
            return try await Self.interrupt(node: id, lastHeartbeat: lastHeartbeat, now: now, connection, logger: logger)
        }
    }

    /// Marks the node's live sessions interrupted and closes their open events at its last
    /// heartbeat (later-started events end where they start), then the node as failed over.
    private static func interrupt(node: String, lastHeartbeat: Date, now: Date, _ connection: PostgresConnection,
                                  logger: Logger) async throws -> NodeFailover {
        let end = lastHeartbeat.storedValue
        let sessions = try await connection.rows("""
            UPDATE session SET interrupted_at = \(end)
            WHERE node_id = \(node) AND ended_at IS NULL AND joined_at IS NOT NULL RETURNING id
            """, logger: logger)
        let events = try await connection.rows("""
            UPDATE event SET end_at = GREATEST(start_at, \(end)), interrupted = 1
            WHERE end_at IS NULL AND session_id IN (SELECT id FROM session WHERE node_id = \(node) AND ended_at IS NULL)
            RETURNING id
            """, logger: logger)
        let jobs = try await requeueJobs(connection, node: node, logger: logger)
        try await connection.query("UPDATE node SET failed_at = \(now.storedValue) WHERE id = \(node)", logger: logger)
        return NodeFailover(node: node, lastHeartbeat: lastHeartbeat,
                            interruptedSessions: try sessions.map { row throws(StoreError) in try row.value("id", String.self) }.sorted(),
                            interruptedEvents: events.count, requeuedJobs: jobs)
    }

    /// The least-loaded node alive since `aliveSince` with room (ties: fewer live sessions, then
    /// id), under the placement lock (taken here unless the caller holds it).
    private static func leastLoadedNode(_ connection: PostgresConnection, aliveSince: Date, locked: Bool = false,
                                        logger: Logger) async throws -> Placement {
        if !locked { try await connection.query("SELECT pg_advisory_xact_lock(\(placementLock))", logger: logger) }
        let rows = try await connection.rows("""
            SELECT n.id, n.url,
                   (SELECT COUNT(*) FROM session s WHERE s.node_id = n.id AND s.ended_at IS NULL) AS placed
            FROM node n
            WHERE n.failed_at IS NULL AND n.heartbeat_at >= \(aliveSince.storedValue)
              AND (n.capacity = 0 OR n.live_sessions < n.capacity)
            ORDER BY placed, n.live_sessions, n.id LIMIT 1
            """, logger: logger)
        guard let row = rows.first else {
            let known = try await connection.rows("SELECT COUNT(*) AS n FROM node", logger: logger).first?.value("n", Int.self) ?? 0
            throw StoreError.noNodeWithRoom(nodes: known)
        }
        return Placement(node: try row.value("id", String.self), url: try row.value("url", String.self))
    }

    static func nodeRecord(_ row: PostgresRandomAccessRow) throws(StoreError) -> NodeRecord {
        NodeRecord(id: try row.value("id"), url: try row.value("url"), capacity: try row.value("capacity"),
                   liveSessions: try row.value("live_sessions"), heartbeatAt: Date(stored: try row.value("heartbeat_at")),
                   failedAt: try row.date("failed_at"))
    }

    private static func sessionPlacement(_ row: PostgresRandomAccessRow, aliveSince: Date) throws(StoreError) -> SessionPlacement {
        let node = try row.value("node_id", String?.self), url = try row.value("url", String?.self)
        let heartbeat = try row.date("heartbeat_at"), failed = try row.date("failed_at")
        let placement = zip(node, url).map { Placement(node: $0, url: $1) }
        let alive = placement != nil && failed == nil && (heartbeat ?? .distantPast) >= aliveSince
        return SessionPlacement(placement: placement, nodeAlive: alive, interruptedAt: try row.date("interrupted_at"))
    }
}

private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
