import Foundation

/// A recorded incident on the wall clock, as stored and reported. Whatever raised it (the rules,
/// a page, an external detector) it is judged and scored the same way.
///
/// `start`…`end` is the span of the condition itself (for a detector event: from the first frame
/// the condition held in, not from when the rule fired), so durations, deductions and timelines
/// cover the whole time it lasted. `flaggedAt` is when it was flagged: the moment the rule fired
/// (the event was stored and announced then, and its snapshot shows that frame); for events
/// reported at once (pages, proctors) and for rows stored before spans it equals `start`.
public struct ProctoringEvent: Sendable, Codable, Equatable, Identifiable {
    public var id: Int64
    public var kind: EventKind
    public var source: EventSource
    /// When the condition began.
    public var start: Date
    /// When the condition ended; nil while the event is still open.
    public var end: Date?
    /// When the event was flagged (the rule fired); `start` or later. `flagged_at` in JSON.
    public var flaggedAt: Date
    /// 0...1; page events are certain (1).
    public var confidence: Double
    public var details: String?
    /// The decision that counts: the latest one.
    public var review: Review?
    /// Every decision taken on the event, oldest first (the audit trail; `review` is its last).
    public var reviews: [Review] = []
    /// The still frame kept as evidence, if any.
    public var snapshot: SnapshotReference?
    /// True when the server stopped (crash, restart) while the event was open: its end is the
    /// server's last sign of life, not an observed end.
    public var interrupted: Bool = false

    public init(id: Int64, kind: EventKind, source: EventSource, start: Date, end: Date? = nil,
                confidence: Double = 1, details: String? = nil, review: Review? = nil, snapshot: SnapshotReference? = nil,
                flaggedAt: Date? = nil) {
        self.id = id
        self.kind = kind
        self.source = source
        self.start = start
        self.end = end
        self.flaggedAt = flaggedAt.map { max($0, start) } ?? start
        self.confidence = confidence
        self.details = details
        self.review = review
        self.snapshot = snapshot
    }

    /// Seconds from the condition's onset to the flag (the rules' debounce; 0 for instant reports).
    public var flaggingDelay: Double { max(0, flaggedAt.timeIntervalSince(start)) }

    /// Seconds the event lasted, counting an open event up to `now`.
    public func duration(asOf now: Date) -> Double {
        max(0, (end ?? max(now, start)).timeIntervalSince(start))
    }

    private enum CodingKeys: String, CodingKey {
        case id, kind, source, start, end, flaggedAt, confidence, details, review, reviews, snapshot, interrupted
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int64.self, forKey: .id)
        kind = try container.decode(EventKind.self, forKey: .kind)
        source = try container.decode(EventSource.self, forKey: .source)
        start = try container.decode(Date.self, forKey: .start)
        end = try container.decodeIfPresent(Date.self, forKey: .end)
        // Exports made before spans have no flag time: the event was flagged when it started.
        flaggedAt = try container.decodeIfPresent(Date.self, forKey: .flaggedAt) ?? start
        confidence = try container.decode(Double.self, forKey: .confidence)
        details = try container.decodeIfPresent(String.self, forKey: .details)
        review = try container.decodeIfPresent(Review.self, forKey: .review)
        reviews = try container.decodeIfPresent([Review].self, forKey: .reviews) ?? []
        snapshot = try container.decodeIfPresent(SnapshotReference.self, forKey: .snapshot)
        interrupted = try container.decodeIfPresent(Bool.self, forKey: .interrupted) ?? false
    }

    /// Writes `end` as null while the event is open, so every exported event has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(source, forKey: .source)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
        try container.encode(flaggedAt, forKey: .flaggedAt)
        try container.encode(confidence, forKey: .confidence)
        try container.encodeIfPresent(details, forKey: .details)
        try container.encodeIfPresent(review, forKey: .review)
        // Only when some decision was replaced: otherwise `review` says it all.
        if reviews.count > 1 { try container.encode(reviews, forKey: .reviews) }
        try container.encodeIfPresent(snapshot, forKey: .snapshot)
        if interrupted { try container.encode(true, forKey: .interrupted) }
    }

    /// Dismissed events stay in the record but cost nothing.
    public var isDismissed: Bool { review?.decision == .dismissed }
}
