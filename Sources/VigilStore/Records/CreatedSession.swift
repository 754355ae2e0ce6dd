import Foundation
import GRDB
import VigilCore

/// A new session with the one-time plain tokens; only their hashes are stored.
public struct CreatedSession: Sendable {
    public var info: SessionInfo
    public var tokens: [ParticipantRole: String]
    /// The node the session was placed on (`Store.createPlacedSession`); nil when not placed.
    public var placement: Placement? = nil
}
