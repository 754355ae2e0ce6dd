import Foundation
import GRDB
import VigilCore

/// What a caller wants recorded; the store adds the id.
public struct NewEvent: Sendable {
    public var kind: EventKind
    public var source: EventSource
    public var start: Date
    public var end: Date?
    public var confidence: Double
    public var details: String?

    public init(kind: EventKind, source: EventSource, start: Date, end: Date? = nil, confidence: Double = 1, details: String? = nil) {
        self.kind = kind
        self.source = source
        self.start = start
        self.end = end
        self.confidence = confidence
        self.details = details
    }
}
