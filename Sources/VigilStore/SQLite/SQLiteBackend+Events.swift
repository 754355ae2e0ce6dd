import Foundation
import GRDB
import VigilCore

extension SQLiteBackend {
    /// Inserts an event and returns it once committed: only then may anyone acknowledge it.
    /// Refused when the session does not exist or has ended (checked in the same transaction).
    func insertEvent(_ new: NewEvent, session id: String, at now: Date = Date()) async throws(StoreError) -> ProctoringEvent {
        try await write { db in
            guard let info = try Self.fetchSession(db, id: id) else { throw StoreError.sessionNotFound(id) }
            if let ended = info.endedAt { throw StoreError.sessionEnded(id, at: ended) }
            try db.execute(
                sql: """
                    INSERT INTO event (session_id, kind, source, start_at, end_at, confidence, details, created_at, flagged_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [id, new.kind.rawValue, new.source.rawValue, new.start.storedValue,
                            new.end?.storedValue, new.confidence, new.details, now.storedValue, new.storedFlaggedAt.storedValue])
            return new.stored(id: db.lastInsertedRowID)
        }
    }

    /// Records the end of an open event (and its final peak confidence).
    func endEvent(_ eventID: Int64, session id: String, at end: Date, confidence: Double? = nil) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE event SET end_at = MAX(start_at, ?), confidence = MAX(confidence, COALESCE(?, confidence))
                    WHERE id = ? AND session_id = ? AND end_at IS NULL
                    """,
                arguments: [end.storedValue, confidence, eventID, id])
            if db.changesCount == 0, try Int.fetchOne(db, sql: "SELECT 1 FROM event WHERE id = ? AND session_id = ?", arguments: [eventID, id]) == nil {
                throw StoreError.eventNotFound(eventID, session: id)
            }
        }
    }

    /// Every event of a session with its latest review and its audit trail, in start order.
    func events(session id: String) async throws(StoreError) -> [ProctoringEvent] {
        try await read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT e.*, r.decision, r.reviewer, r.at AS reviewed_at, r.note,
                       s.id AS snapshot_id, s.sha256 AS snapshot_sha256
                FROM event e
                LEFT JOIN review r ON r.id = (SELECT MAX(id) FROM review WHERE event_id = e.id)
                LEFT JOIN snapshot s ON s.id = (SELECT MIN(id) FROM snapshot WHERE event_id = e.id)
                WHERE e.session_id = ?
                ORDER BY e.start_at, e.id
                """, arguments: [id])
            var events = rows.compactMap(Self.event(from:))
            // The audit trail: every decision, oldest first.
            let trail = try Row.fetchAll(db, sql: """
                SELECT r.event_id, r.decision, r.reviewer, r.at, r.note FROM review r
                JOIN event e ON e.id = r.event_id WHERE e.session_id = ? ORDER BY r.id
                """, arguments: [id])
            var byEvent: [Int64: [Review]] = [:]
            for row in trail {
                guard let decision = (row["decision"] as String?).flatMap(Review.Decision.init(rawValue:)) else { continue }
                byEvent[row["event_id"], default: []].append(Review(decision: decision, reviewer: row["reviewer"], at: Date(stored: row["at"]), note: row["note"]))
            }
            for index in events.indices { events[index].reviews = byEvent[events[index].id] ?? [] }
            return events
        }
    }

    func eventCount(session id: String) async throws(StoreError) -> Int {
        try await read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event WHERE session_id = ?", arguments: [id]) ?? 0
        }
    }

    /// Stores a reviewer's decision; the latest decision is the one that counts, earlier ones
    /// stay as the audit trail.
    func review(_ eventID: Int64, session id: String, _ review: Review) async throws(StoreError) {
        try await write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM event WHERE id = ? AND session_id = ?", arguments: [eventID, id]) != nil else {
                throw StoreError.eventNotFound(eventID, session: id)
            }
            try db.execute(
                sql: "INSERT INTO review (event_id, decision, reviewer, at, note) VALUES (?, ?, ?, ?, ?)",
                arguments: [eventID, review.decision.rawValue, review.reviewer, review.at.storedValue, review.note])
        }
    }

    static func event(from row: Row) -> ProctoringEvent? {
        guard let kind = EventKind(rawValue: row["kind"]), let source = EventSource(rawValue: row["source"]) else { return nil }
        var review: Review?
        if let decision = (row["decision"] as String?).flatMap(Review.Decision.init(rawValue:)) {
            review = Review(decision: decision, reviewer: row["reviewer"], at: Date(stored: row["reviewed_at"]), note: row["note"])
        }
        let snapshot = (row["snapshot_id"] as Int64?).map { SnapshotReference(id: $0, sha256: row["snapshot_sha256"]) }
        var event = ProctoringEvent(
            id: row["id"], kind: kind, source: source, start: Date(stored: row["start_at"]),
            end: (row["end_at"] as Double?).map(Date.init(stored:)), confidence: row["confidence"],
            details: row["details"], review: review, snapshot: snapshot,
            // NULL only in a row some other writer added without it: flagged at its start.
            flaggedAt: (row["flagged_at"] as Double?).map(Date.init(stored:)))
        event.interrupted = (row["interrupted"] as Int?) == 1
        return event
    }
}

extension SQLiteBackend {
    /// Inserts many events in one transaction (for recorded files and benchmarks, where one commit
    /// per event would be wasted work). All or none are stored.
    func insertEvents(_ events: [NewEvent], session id: String, at now: Date = Date()) async throws(StoreError) -> [ProctoringEvent] {
        try await write { db in
            guard let info = try Self.fetchSession(db, id: id) else { throw StoreError.sessionNotFound(id) }
            if let ended = info.endedAt { throw StoreError.sessionEnded(id, at: ended) }
            let statement = try db.makeStatement(sql: """
                INSERT INTO event (session_id, kind, source, start_at, end_at, confidence, details, created_at, flagged_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            return try events.map { new in
                try statement.execute(arguments: [id, new.kind.rawValue, new.source.rawValue, new.start.storedValue,
                                                  new.end?.storedValue, new.confidence, new.details, now.storedValue,
                                                  new.storedFlaggedAt.storedValue])
                return new.stored(id: db.lastInsertedRowID)
            }
        }
    }
}
