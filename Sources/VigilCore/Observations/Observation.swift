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

    public init(time: Double, faces: [FaceObservation] = [], objects: [ObjectObservation] = [], objectsAnalyzed: Bool = true) {
        self.time = time
        self.faces = faces
        self.objects = objects
        self.objectsAnalyzed = objectsAnalyzed
    }

    public var faceCount: Int { faces.count }

    /// The face the rules judge for pose and eyes: the largest one, normally the candidate's.
    public var primaryFace: FaceObservation? {
        faces.max { $0.box.area < $1.box.area }
    }
}
