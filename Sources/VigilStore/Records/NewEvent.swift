import Foundation
import GRDB
import VigilCore

/// What a caller wants recorded; the store adds the id. `start` is when the condition began,
/// `flaggedAt` when it was flagged (a rule fired); nil stores `start` (reported at once).
public struct NewEvent: Sendable {
    public var kind: EventKind
    public var source: EventSource
    public var start: Date
    public var end: Date?
    public var confidence: Double
    public var details: String?
    public var flaggedAt: Date?

    public init(kind: EventKind, source: EventSource, start: Date, end: Date? = nil, confidence: Double = 1, details: String? = nil,
                flaggedAt: Date? = nil) {
        self.kind = kind
        self.source = source
        self.start = start
        self.end = end
        self.confidence = confidence
        self.details = details
        self.flaggedAt = flaggedAt
    }

    /// The flag time as stored: never before the start.
    var storedFlaggedAt: Date { max(flaggedAt ?? start, start) }
}

extension NewEvent {
    /// The event as a later read will return it (dates pass through the stored Double).
    func stored(id: Int64) -> ProctoringEvent {
        ProctoringEvent(
            id: id, kind: kind, source: source, start: Date(stored: start.storedValue),
            end: end.map { Date(stored: $0.storedValue) }, confidence: confidence, details: details,
            flaggedAt: Date(stored: storedFlaggedAt.storedValue))
    }
}
