import Foundation
import VigilCore

/// One row of the operator's session list: the session and when a page first joined its call.
public struct ListedSession: Sendable, Equatable {
    public var info: SessionInfo
    /// When the first page of any role joined the call (nil: nobody has yet).
    public var joinedAt: Date?

    public init(info: SessionInfo, joinedAt: Date?) {
        self.info = info
        self.joinedAt = joinedAt
    }

    public var stage: SessionStage {
        if info.endedAt != nil { return .ended }
        return joinedAt == nil ? .created : .live
    }
}
