import Foundation

/// Who raised an event.
public enum EventSource: String, Codable, Sendable, CaseIterable {
    /// The server's own detectors on the relayed video.
    case detector
    /// The candidate's browser page (tab hidden, copy/paste...).
    case page
    /// An external detector or a proctor, through the REST API.
    case external
    /// The server itself (e.g. a crash interrupted the event).
    case system
}
