import Foundation
import VigilCore

extension Store {
    /// Inserts an event and returns it once committed: only then may anyone acknowledge it.
    /// Refused when the session does not exist or has ended (checked in the same transaction).
    public func insertEvent(_ new: NewEvent, session id: String, at now: Date = Date()) async throws(StoreError) -> ProctoringEvent {
        try await backend.insertEvent(new, session: id, at: now)
    }

    /// Inserts many events in one transaction (for recorded files and benchmarks, where one commit
    /// per event would be wasted work). All or none are stored.
    public func insertEvents(_ events: [NewEvent], session id: String, at now: Date = Date()) async throws(StoreError) -> [ProctoringEvent] {
        try await backend.insertEvents(events, session: id, at: now)
    }

    /// Records the end of an open event (and its final peak confidence).
    public func endEvent(_ eventID: Int64, session id: String, at end: Date, confidence: Double? = nil) async throws(StoreError) {
        try await backend.endEvent(eventID, session: id, at: end, confidence: confidence)
    }

    /// Every event of a session with its latest review and its audit trail, in start order.
    public func events(session id: String) async throws(StoreError) -> [ProctoringEvent] {
        try await backend.events(session: id)
    }

    public func eventCount(session id: String) async throws(StoreError) -> Int {
        try await backend.eventCount(session: id)
    }

    /// Stores a reviewer's decision; the latest decision is the one that counts, earlier ones
    /// stay as the audit trail.
    public func review(_ eventID: Int64, session id: String, _ review: Review) async throws(StoreError) {
        try await backend.review(eventID, session: id, review)
    }
}
