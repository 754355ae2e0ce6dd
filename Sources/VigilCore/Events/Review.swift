import Foundation

/// A reviewer's decision on an event.
public struct Review: Sendable, Codable, Equatable {
    public enum Decision: String, Codable, Sendable {
        case confirmed
        case dismissed
    }

    public var decision: Decision
    public var reviewer: String
    public var at: Date
    public var note: String?

    public init(decision: Decision, reviewer: String, at: Date, note: String? = nil) {
        self.decision = decision
        self.reviewer = reviewer
        self.at = at
        self.note = note
    }
}
