/// An event raised by the rules, in session-relative seconds. Becomes a stored `ProctoringEvent`
/// once the server or the analyzer anchors it to wall-clock time.
///
/// Its span is the condition's, not the rule's: `start` is the first analysed frame the
/// condition held in and `end` the first frame it no longer did, so an absence of 14 s is an
/// event of 14 s even though the rule only fires after its debounce. `flaggedAt` keeps the moment
/// the rule fired (`start` + the debounce for a sustained condition), which is when the event is
/// stored, announced and its evidence frame taken.
public struct DetectedEvent: Sendable, Codable, Equatable {
    public var kind: EventKind
    /// When the condition began: the first analysed frame it held in (for an object, the first
    /// sighting among the recent frames that made the rule fire).
    public var start: Double
    /// When the condition stopped: the first analysed frame without it (nil while the event is open).
    public var end: Double?
    /// When the rule fired: the frame at which the condition had lasted its threshold (for an
    /// object, the frame that completed the required sightings). Never before `start`.
    public var flaggedAt: Double
    /// Highest confidence seen while the condition held, 0...1.
    public var confidence: Double
    /// What the rule saw, in words a reviewer can check against the snapshot ("phone seen by the
    /// object detector", "hand held at the ear", "looking down"); nil when the kind says it all.
    public var evidence: String? = nil

    /// `flaggedAt` nil means the rule fired at once (at `start`).
    public init(kind: EventKind, start: Double, end: Double? = nil, flaggedAt: Double? = nil, confidence: Double) {
        self.kind = kind
        self.start = start
        self.end = end
        self.flaggedAt = max(start, flaggedAt ?? start)
        self.confidence = confidence
    }

    /// The spelling before event spans: `start` was when the rule fired and `onset` when the
    /// condition began. Kept so that a rule written against it builds with the right meaning.
    @available(*, deprecated, message: "use init(kind:start:end:flaggedAt:confidence:): start is now the onset, flaggedAt when the rule fired")
    public init(kind: EventKind, start firedAt: Double, end: Double? = nil, onset: Double, confidence: Double) {
        self.init(kind: kind, start: onset, end: end, flaggedAt: firedAt, confidence: confidence)
    }

    /// The condition's onset, which `start` now is.
    @available(*, deprecated, renamed: "start")
    public var onset: Double { start }

    /// Seconds between the condition's onset and the rule firing (the debounce it took).
    public var flaggingDelay: Double { flaggedAt - start }
}
