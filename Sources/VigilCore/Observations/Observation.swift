/// What the detectors saw in one analysed frame. Rules consume a stream of these; they are the only
/// contract between the vision code and the proctoring logic, which keeps the logic testable
/// without images.
public struct Observation: Sendable, Codable, Equatable {
    /// Seconds since the start of the session (or of the analysed file).
    public var time: Double
    public var faces: [FaceObservation]
    public var objects: [ObjectObservation]
    /// False when the object detector skipped this frame (it may run on every Nth frame only);
    /// the object rules then ignore the frame instead of counting it as clean.
    public var objectsAnalyzed: Bool
    /// Hands found (palm detector + hand landmarks), when `handsAnalyzed`.
    public var hands: [HandObservation] = []
    /// False when the hand models skipped this frame (they run at the object detector's rate);
    /// the hand-at-the-ear rule then ignores the frame.
    public var handsAnalyzed: Bool = false
    /// The main face's identity descriptor, on the frames the identity check runs on (nil on the others).
    public var identity: IdentitySample?
    /// What the microphones sounded like at this moment; nil where audio is not measured.
    public var audio: AudioObservation?

    public init(time: Double, faces: [FaceObservation] = [], objects: [ObjectObservation] = [], objectsAnalyzed: Bool = true,
                audio: AudioObservation? = nil, identity: IdentitySample? = nil) {
        self.time = time
        self.faces = faces
        self.objects = objects
        self.objectsAnalyzed = objectsAnalyzed
        self.audio = audio
        self.identity = identity
    }

    /// An observation that also carries what the hand models saw.
    public init(time: Double, faces: [FaceObservation], objects: [ObjectObservation], objectsAnalyzed: Bool,
                hands: [HandObservation], handsAnalyzed: Bool) {
        self.init(time: time, faces: faces, objects: objects, objectsAnalyzed: objectsAnalyzed)
        self.hands = hands
        self.handsAnalyzed = handsAnalyzed
    }

    public var faceCount: Int { faces.count }

    /// The face the rules judge for pose and eyes: the largest one the face mesh measured,
    /// normally the candidate's. A face only counted (a bystander's side profile, found by a
    /// detector the mesh cannot follow) is chosen only when no face in view was measured, so a
    /// larger unmeasured face beside the candidate does not blind the pose and eye rules.
    public var primaryFace: FaceObservation? {
        let measured = faces.filter { $0.yaw != nil || $0.eyesOpen != nil }
        return (measured.isEmpty ? faces : measured).max { $0.box.area < $1.box.area }
    }
}
