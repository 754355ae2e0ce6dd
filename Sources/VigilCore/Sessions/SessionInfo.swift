import Foundation

/// The facts of one interview session that reports and pages show.
public struct SessionInfo: Sendable, Codable, Equatable {
    public var id: String
    public var title: String?
    public var candidateName: String
    public var interviewerName: String
    public var createdAt: Date
    public var endedAt: Date?

    public init(id: String, title: String?, candidateName: String, interviewerName: String,
                createdAt: Date, endedAt: Date? = nil) {
        self.id = id
        self.title = title
        self.candidateName = candidateName
        self.interviewerName = interviewerName
        self.createdAt = createdAt
        self.endedAt = endedAt
    }

    public var status: Status { endedAt == nil ? .live : .ended }

    public enum Status: String, Codable, Sendable {
        case live
        case ended
    }
}
