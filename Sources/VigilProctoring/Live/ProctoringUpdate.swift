import Foundation
import VigilCore

/// What proctoring tells the people watching a session and the relayed video. Produced by the
/// live detectors and by the presence watch, only after what it reports is committed; the
/// server turns it into signaling messages and overlay drawing (see `ProctoringOutput`).
public enum ProctoringUpdate: Sendable {
    /// An event was flagged (its rule fired) and is committed, with its true start (the
    /// condition's onset, possibly seconds earlier) and its snapshot, if one could be made.
    /// `frameArrival` is when the frame that made it fire reached the server (nil when no frame
    /// did, e.g. a disconnection).
    case eventStarted(ProctoringEvent, frameArrival: Date?)
    /// The condition stopped; the end is committed.
    case eventEnded(ProctoringEvent)
    /// The overlay to draw from now on.
    case overlay(OverlayState)
    /// An event could not be stored (disk full, read-only database): it is not acknowledged,
    /// and the interviewer and proctors must know that the record has a gap.
    case storageFailed(String)
}
