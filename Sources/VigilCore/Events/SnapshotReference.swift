import Foundation

/// Points at an event's evidence frame; the SHA-256 lets a reader check the JPEG was not altered.
public struct SnapshotReference: Sendable, Codable, Equatable {
    public var id: Int64
    public var sha256: String

    public init(id: Int64, sha256: String) {
        self.id = id
        self.sha256 = sha256
    }
}
