import Foundation
import GRDB

/// A still frame kept as evidence for an event.
public struct Snapshot: Sendable, Equatable {
    public var id: Int64
    public var eventID: Int64
    public var sha256: String
    public var jpeg: Data
}
