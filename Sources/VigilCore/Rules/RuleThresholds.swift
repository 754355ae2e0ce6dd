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
    /// Object detections below this score are ignored (YOLOX's own default; the 3-of-5 window
    /// absorbs single-frame false positives).
    public var objectMinScore: Double = 0.3
    /// Head pose beyond these angles (degrees, against the line of sight to the camera) counts
    /// as looking away. Pitch is measured less reliably than yaw, hence the wider limit.
    public var maxYawDegrees: Double = 30
    public var maxPitchDegrees: Double = 35
    /// Horizontal iris offset beyond this (in half eye-widths, see `Gaze`) counts as looking
    /// away. Measured on the gaze clips: about ±0.07 looking at the screen, 0.28–0.33 looking
    /// aside.
    public var maxGazeOffset: Double = 0.25
    /// An eyes-open ratio below this counts as eyes closed.
    public var eyesClosedBelow: Double = 0.25
    /// A sustained condition (looking away, no face, several faces, eyes closed) must be absent
    /// this long before its event ends; shorter gaps are detector flicker and do not split events.
    public var releaseSeconds: Double = 1

    public init() {}

    public static let standard = RuleThresholds()
}
