/// A change the rules report after consuming an observation.
public enum RuleTransition: Sendable, Equatable {
    case started(DetectedEvent)
    case ended(DetectedEvent)

    public var event: DetectedEvent {
        switch self {
        case .started(let event), .ended(let event): event
        }
    }
}
