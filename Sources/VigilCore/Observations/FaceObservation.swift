/// One face in a frame, with the pose and eye measurements taken from its landmarks.
public struct FaceObservation: Sendable, Codable, Equatable {
    public var box: Box
    /// Detector confidence, 0...1.
    public var score: Double
    /// Head rotation in degrees: yaw positive to the candidate's left, pitch positive up. Nil when
    /// landmarks could not be measured.
    public var yaw: Double?
    public var pitch: Double?
    /// Iris position within the eye, -1...1 on each axis, 0 when looking straight ahead.
    public var gaze: Gaze?
    /// How open the eyes are, 0 (shut) ... 1 (normally open). Nil when not measured.
    public var eyesOpen: Double?
    /// How far the lips are apart: inner-lip gap over mouth width from the face mesh (0 closed,
    /// about 0.3–0.6 wide open). Its change over time tells whether the candidate is talking.
    /// Nil when not measured.
    public var mouthOpen: Double?

    public init(box: Box, score: Double, yaw: Double? = nil, pitch: Double? = nil, gaze: Gaze? = nil, eyesOpen: Double? = nil,
                mouthOpen: Double? = nil) {
        self.box = box
        self.score = score
        self.yaw = yaw
        self.pitch = pitch
        self.gaze = gaze
        self.eyesOpen = eyesOpen
        self.mouthOpen = mouthOpen
    }
}
