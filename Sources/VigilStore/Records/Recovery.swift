import Foundation
import GRDB

/// What the store did at start-up to recover from the previous run.
public struct Recovery: Sendable, Equatable {
    /// Events left open by a server that stopped, now closed as interrupted.
    public var interruptedEvents: Int
    /// When the previous server was last known alive (the end given to those events).
    public var lastAlive: Date?
}
