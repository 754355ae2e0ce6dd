import Foundation

/// Where and how the server wants a session recorded; the relay calls `started` once, on the
/// candidate's first key frame, with the wall-clock moment that is 0:00 of the recording (the
/// server stores it, so an event's time maps onto the recording).
public struct RecordingTarget: Sendable {
    public let file: URL
    public let started: @Sendable (Date) -> Void

    public init(file: URL, started: @escaping @Sendable (Date) -> Void) {
        self.file = file
        self.started = started
    }
}

/// A closed recording: what the server stores about it (the size and SHA-256 are computed by
/// the store from the file itself).
public struct RecordingResult: Sendable, Equatable {
    public let file: URL
    /// The wall-clock time of the recording's 0:00.
    public let startedAt: Date
    /// The last video frame's time on the recording's timeline.
    public let durationSeconds: Double
    /// Empty when the muxer closed the file cleanly; otherwise why it did not.
    public let problem: String?
}
