/// An event raised by the rules, in session-relative seconds. Becomes a stored `ProctoringEvent`
/// once the server or the analyzer anchors it to wall-clock time.
public struct DetectedEvent: Sendable, Codable, Equatable {
    public var kind: EventKind
    /// When the rule fired: the moment the condition crossed its threshold.
    public var start: Double
    /// When the condition stopped (nil while the event is open).
    public var end: Double?
    /// When the condition was first seen, before the debounce delay.
    public var onset: Double
    /// Highest confidence seen while the condition held, 0...1.
    public var confidence: Double

    public init(kind: EventKind, start: Double, end: Double? = nil, onset: Double, confidence: Double) {
        self.kind = kind
        self.start = start
        self.end = end
        self.onset = onset
        self.confidence = confidence
    }
}
