/// Every number the rules judge by, in one value, so an operator (or `vigil analyze`) can tune
/// proctoring without touching code. The defaults are the product's documented policy.
public struct RuleThresholds: Sendable, Codable, Equatable {
    /// Looking away raises an event when it lasts longer than this.
    public var lookingAwaySeconds: Double = 5
    /// No face raises an event when it lasts longer than this.
    public var noFaceSeconds: Double = 10
    /// Several faces raise an event once they have lasted at least this long.
    public var multipleFacesSeconds: Double = 2
    /// Eyes closed raise an event when they stay closed longer than this.
    public var eyesClosedSeconds: Double = 3
    /// A forbidden object raises an event when it is seen in `objectMinHits` of the last
    /// `objectWindow` analysed frames...
    public var objectWindow: Int = 5
    public var objectMinHits: Int = 3
    /// ...and the event ends after this many analysed frames in a row without it.
    public var objectClearFrames: Int = 5
    /// Object detections below this score are ignored.
    public var objectMinScore: Double = 0.45
    /// Head pose beyond these angles (degrees) counts as looking away.
    public var maxYawDegrees: Double = 30
    public var maxPitchDegrees: Double = 25
    /// Iris offset beyond this (on the -1...1 scale of `Gaze`) counts as looking away.
    public var maxGazeOffset: Double = 0.5
    /// An eyes-open ratio below this counts as eyes closed.
    public var eyesClosedBelow: Double = 0.25
    /// A sustained condition (looking away, no face, several faces, eyes closed) must be absent
    /// this long before its event ends; shorter gaps are detector flicker and do not split events.
    public var releaseSeconds: Double = 1

    public init() {}

    public static let standard = RuleThresholds()
}
