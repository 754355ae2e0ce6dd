import Foundation

/// Places relay frames on the session clock: the first frame's timestamp is anchored to its
/// arrival, later ones follow their own timestamps (so analysis delays do not stretch time). A
/// timestamp going backwards, or drifting from the wall clock by more than `maximumDrift`, means
/// the candidate's stream restarted (reload, rejoin): re-anchor.
public struct StreamClock: Sendable {
    private var anchor: (pts: Double, wall: Date)?
    /// Infinite for streams replayed faster than real time (tests, files).
    public var maximumDrift: Double

    public init(maximumDrift: Double = 5) {
        self.maximumDrift = maximumDrift
    }

    mutating func sessionTime(for pts: Double, arrival: Date, sessionStart: Date) -> Double {
        if let anchor, pts >= anchor.pts, abs(anchor.wall.addingTimeInterval(pts - anchor.pts).timeIntervalSince(arrival)) < maximumDrift {
            return anchor.wall.addingTimeInterval(pts - anchor.pts).timeIntervalSince(sessionStart)
        }
        anchor = (pts, arrival)
        return arrival.timeIntervalSince(sessionStart)
    }
}
