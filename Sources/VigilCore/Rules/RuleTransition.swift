/// A change the rules report after consuming an observation.
public enum RuleTransition: Sendable, Equatable {
    /// The rule fired, at the event's `flaggedAt`; its `start` (the condition's onset) may lie
    /// seconds earlier.
    case started(DetectedEvent)
    /// The condition ended, at the event's `end`.
    case ended(DetectedEvent)

    public var event: DetectedEvent {
        switch self {
        case .started(let event), .ended(let event): event
        }
    }
}
