import Foundation
import PostgresNIO
import VigilCore

extension PostgresBackend {
    /// One statement, so one round trip and its own transaction: the event is inserted only if
    /// the session exists and has not ended, holding the session row FOR SHARE (an `endSession`
    /// running at the same time waits, or makes this insert nothing); returned only after COMMIT.
    /// When nothing was inserted, a read says why (no such session, or ended).
    func insertEvent(_ new: NewEvent, session id: String, at now: Date) async throws(StoreError) -> ProctoringEvent {
        let rows = try await write("""
            INSERT INTO event (session_id, kind, source, start_at, end_at, confidence, details, created_at, flagged_at)
            SELECT id, \(new.kind.rawValue), \(new.source.rawValue), \(new.start.storedValue), \(new.end?.storedValue),
                   \(new.confidence), \(new.details), \(now.storedValue), \(new.storedFlaggedAt.storedValue)
            FROM session WHERE id = \(id) AND ended_at IS NULL FOR SHARE
            RETURNING id
            """)
        if let row = rows.first { return new.stored(id: try row.value("id", Int64.self)) }
        guard let info = try await session(id: id) else { throw .sessionNotFound(id) }
        throw .sessionEnded(id, at: info.endedAt ?? now)
    }

    func insertEvents(_ events: [NewEvent], session id: String, at now: Date) async throws(StoreError) -> [ProctoringEvent] {
        try await write { connection in
            guard let info = try await Self.fetchSession(connection, id: id, lock: "FOR SHARE", logger: logger) else {
                throw StoreError.sessionNotFound(id)
            }
            if let ended = info.endedAt { throw StoreError.sessionEnded(id, at: ended) }
            var stored: [ProctoringEvent] = []
            for new in events {
                let rows = try await connection.rows("""
                    INSERT INTO event (session_id, kind, source, start_at, end_at, confidence, details, created_at, flagged_at)
                    VALUES (\(id), \(new.kind.rawValue), \(new.source.rawValue), \(new.start.storedValue), \(new.end?.storedValue),
                            \(new.confidence), \(new.details), \(now.storedValue), \(new.storedFlaggedAt.storedValue))
                    RETURNING id
                    """, logger: logger)
                stored.append(new.stored(id: try rows[0].value("id", Int64.self)))
            }
            return stored
        }
    }

    func endEvent(_ eventID: Int64, session id: String, at end: Date, confidence: Double?) async throws(StoreError) {
        try await write { connection in
            let changed = try await connection.rows("""
                UPDATE event SET end_at = GREATEST(start_at, \(end.storedValue)),
                                 confidence = GREATEST(confidence, COALESCE(\(confidence), confidence))
                WHERE id = \(eventID) AND session_id = \(id) AND end_at IS NULL
                RETURNING id
                """, logger: logger)
            if changed.isEmpty,
               try await connection.rows("SELECT 1 FROM event WHERE id = \(eventID) AND session_id = \(id)", logger: logger).isEmpty {
                throw StoreError.eventNotFound(eventID, session: id)
            }
        }
    }

    func events(session id: String) async throws(StoreError) -> [ProctoringEvent] {
        try await read { connection in
            let rows = try await connection.rows("""
                SELECT e.*, r.decision, r.reviewer, r.at AS reviewed_at, r.note,
                       s.id AS snapshot_id, s.sha256 AS snapshot_sha256
                FROM event e
                LEFT JOIN review r ON r.id = (SELECT MAX(id) FROM review WHERE event_id = e.id)
                LEFT JOIN snapshot s ON s.id = (SELECT MIN(id) FROM snapshot WHERE event_id = e.id)
                WHERE e.session_id = \(id)
                ORDER BY e.start_at, e.id
                """, logger: logger)
            var events = try rows.compactMap(Self.event(from:))
            // The audit trail: every decision, oldest first.
            let trail = try await connection.rows("""
                SELECT r.event_id, r.decision, r.reviewer, r.at, r.note FROM review r
                JOIN event e ON e.id = r.event_id WHERE e.session_id = \(id) ORDER BY r.id
                """, logger: logger)
            var byEvent: [Int64: [Review]] = [:]
            for row in trail {
                guard let decision = Review.Decision(rawValue: try row.value("decision", String.self)) else { continue }
                byEvent[try row.value("event_id", Int64.self), default: []].append(
                    Review(decision: decision, reviewer: try row.value("reviewer"), at: Date(stored: try row.value("at")),
                           note: try row.value("note")))
            }
            for index in events.indices { events[index].reviews = byEvent[events[index].id] ?? [] }
            return events
        }
    }

    func eventCount(session id: String) async throws(StoreError) -> Int {
        try await read("SELECT COUNT(*) AS n FROM event WHERE session_id = \(id)").first?.value("n", Int.self) ?? 0
    }

    func review(_ eventID: Int64, session id: String, _ review: Review) async throws(StoreError) {
        try await write { connection in
            guard try await !connection.rows("SELECT 1 FROM event WHERE id = \(eventID) AND session_id = \(id)", logger: logger).isEmpty else {
                throw StoreError.eventNotFound(eventID, session: id)
            }
            try await connection.query("""
                INSERT INTO review (event_id, decision, reviewer, at, note)
                VALUES (\(eventID), \(review.decision.rawValue), \(review.reviewer), \(review.at.storedValue), \(review.note))
                """, logger: logger)
        }
    }

    static func event(from row: PostgresRandomAccessRow) throws(StoreError) -> ProctoringEvent? {
        guard let kind = EventKind(rawValue: try row.value("kind")), let source = EventSource(rawValue: try row.value("source")) else {
            return nil
        }
        var review: Review?
        if let decision = try row.value("decision", String?.self).flatMap(Review.Decision.init(rawValue:)) {
            review = Review(decision: decision, reviewer: try row.value("reviewer"), at: Date(stored: try row.value("reviewed_at")),
                            note: try row.value("note"))
        }
        let snapshot = try row.value("snapshot_id", Int64?.self).map { id throws(StoreError) in
            SnapshotReference(id: id, sha256: try row.value("snapshot_sha256"))
        }
        var event = ProctoringEvent(
            id: try row.value("id"), kind: kind, source: source, start: Date(stored: try row.value("start_at")),
            end: try row.date("end_at"), confidence: try row.value("confidence"),
            details: try row.value("details"), review: review, snapshot: snapshot,
            // NULL only in a row some other writer added without it: flagged at its start.
            flaggedAt: try row.date("flagged_at"))
        event.interrupted = try row.value("interrupted", Int.self) == 1
        return event
    }
}
