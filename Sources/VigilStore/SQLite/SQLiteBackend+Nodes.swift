import Foundation
import GRDB
import VigilCore

/// Nodes, placement and fail-over on SQLite (see `Store+Nodes.swift`). A server on an SQLite file
/// is the one implicit node and registers nothing; these queries are here so that the store's
/// interface and its tests are the same on both engines. SQLite's single writer serializes
/// placements without a lock of its own.
extension SQLiteBackend {
    func saveNodeHeartbeat(_ node: NodeRecord) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: """
                INSERT INTO node (id, url, capacity, live_sessions, heartbeat_at, failed_at) VALUES (?, ?, ?, ?, ?, NULL)
                ON CONFLICT(id) DO UPDATE SET url = excluded.url, capacity = excluded.capacity,
                    live_sessions = excluded.live_sessions, heartbeat_at = excluded.heartbeat_at, failed_at = NULL
                """, arguments: [node.id, node.url, node.capacity, node.liveSessions, node.heartbeatAt.storedValue])
        }
    }

    func nodes() async throws(StoreError) -> [NodeRecord] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM node ORDER BY id").map(Self.nodeRecord) }
    }

    func insertPlacedSession(_ info: SessionInfo, tokenHashes: [(role: String, hash: Data)], aliveSince: Date) async throws(StoreError) -> Placement {
        try await write { db in
            let placement = try Self.leastLoadedNode(db, aliveSince: aliveSince)
            try Self.insertSessionRows(db, info, tokenHashes: tokenHashes, node: placement.node)
            return placement
        }
    }

    func sessionPlacement(_ id: String, aliveSince: Date) async throws(StoreError) -> SessionPlacement? {
        try await read { db in try Self.fetchPlacement(db, session: id, aliveSince: aliveSince) }
    }

    func takeOverSession(_ id: String, aliveSince: Date) async throws(StoreError) -> Placement {
        try await write { db in
            guard let current = try Self.fetchPlacement(db, session: id, aliveSince: aliveSince) else { throw StoreError.sessionNotFound(id) }
            if current.nodeAlive, let placement = current.placement { return placement }
            // A dead node no one failed over yet (a page rejoined first): interrupt the session as
            // the fail-over would, at that node's last heartbeat, before it moves.
            if let old = current.placement,
               let lastHeartbeat = try Double.fetchOne(db, sql: "SELECT heartbeat_at FROM node WHERE id = ? AND failed_at IS NULL",
                                                       arguments: [old.node]) {
                try db.execute(sql: "UPDATE session SET interrupted_at = ? WHERE id = ? AND ended_at IS NULL AND joined_at IS NOT NULL",
                               arguments: [lastHeartbeat, id])
                try db.execute(sql: "UPDATE event SET end_at = MAX(start_at, ?), interrupted = 1 WHERE session_id = ? AND end_at IS NULL",
                               arguments: [lastHeartbeat, id])
            }
            let placement = try Self.leastLoadedNode(db, aliveSince: aliveSince)
            try db.execute(sql: "UPDATE session SET node_id = ? WHERE id = ?", arguments: [placement.node, id])
            return placement
        }
    }

    func failOverNodes(silentSince: Date, now: Date) async throws(StoreError) -> [NodeFailover] {
        try await write { db in
            let dead = try Row.fetchAll(db, sql: "SELECT id, heartbeat_at FROM node WHERE failed_at IS NULL AND heartbeat_at < ? ORDER BY id",
                                        arguments: [silentSince.storedValue])
            return try dead.map { row in
                try Self.interrupt(db, node: row["id"], lastHeartbeat: Date(stored: row["heartbeat_at"]), now: now)
            }
        }
    }

    func failOverNode(_ id: String, now: Date) async throws(StoreError) -> NodeFailover? {
        try await write { db in
            guard let heartbeat = try Double.fetchOne(db, sql: "SELECT heartbeat_at FROM node WHERE id = ? AND failed_at IS NULL",
                                                      arguments: [id]) else { return nil }
            return try Self.interrupt(db, node: id, lastHeartbeat: Date(stored: heartbeat), now: now)
        }
    }

    private static func interrupt(_ db: Database, node: String, lastHeartbeat: Date, now: Date) throws -> NodeFailover {
        let end = lastHeartbeat.storedValue
        let sessions = try String.fetchAll(db, sql: "SELECT id FROM session WHERE node_id = ? AND ended_at IS NULL AND joined_at IS NOT NULL ORDER BY id",
                                           arguments: [node])
        try db.execute(sql: "UPDATE session SET interrupted_at = ? WHERE node_id = ? AND ended_at IS NULL AND joined_at IS NOT NULL",
                       arguments: [end, node])
        try db.execute(sql: """
            UPDATE event SET end_at = MAX(start_at, ?), interrupted = 1
            WHERE end_at IS NULL AND session_id IN (SELECT id FROM session WHERE node_id = ? AND ended_at IS NULL)
            """, arguments: [end, node])
        let events = db.changesCount
        let jobs = try requeueJobs(db, node: node)
        try db.execute(sql: "UPDATE node SET failed_at = ? WHERE id = ?", arguments: [now.storedValue, node])
        return NodeFailover(node: node, lastHeartbeat: lastHeartbeat, interruptedSessions: sessions, interruptedEvents: events,
                            requeuedJobs: jobs)
    }

    private static func leastLoadedNode(_ db: Database, aliveSince: Date) throws -> Placement {
        let row = try Row.fetchOne(db, sql: """
            SELECT n.id, n.url,
                   (SELECT COUNT(*) FROM session s WHERE s.node_id = n.id AND s.ended_at IS NULL) AS placed
            FROM node n
            WHERE n.failed_at IS NULL AND n.heartbeat_at >= ? AND (n.capacity = 0 OR n.live_sessions < n.capacity)
            ORDER BY placed, n.live_sessions, n.id LIMIT 1
            """, arguments: [aliveSince.storedValue])
        guard let row else { throw StoreError.noNodeWithRoom(nodes: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM node") ?? 0) }
        return Placement(node: row["id"], url: row["url"])
    }

    private static func fetchPlacement(_ db: Database, session id: String, aliveSince: Date) throws -> SessionPlacement? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT s.node_id, s.interrupted_at, n.url, n.heartbeat_at, n.failed_at
            FROM session s LEFT JOIN node n ON n.id = s.node_id WHERE s.id = ?
            """, arguments: [id]) else { return nil }
        let node: String? = row["node_id"], url: String? = row["url"]
        let heartbeat: Double? = row["heartbeat_at"], failed: Double? = row["failed_at"]
        let placement: Placement? = if let node, let url { Placement(node: node, url: url) } else { nil }
        return SessionPlacement(placement: placement, nodeAlive: placement != nil && failed == nil && (heartbeat ?? -.infinity) >= aliveSince.storedValue,
                                interruptedAt: (row["interrupted_at"] as Double?).map(Date.init(stored:)))
    }

    private static func nodeRecord(_ row: Row) -> NodeRecord {
        NodeRecord(id: row["id"], url: row["url"], capacity: row["capacity"], liveSessions: row["live_sessions"],
                   heartbeatAt: Date(stored: row["heartbeat_at"]), failedAt: (row["failed_at"] as Double?).map(Date.init(stored:)))
    }
}
