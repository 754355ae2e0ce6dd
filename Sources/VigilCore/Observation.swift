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

    public init(box: Box, score: Double, yaw: Double? = nil, pitch: Double? = nil, gaze: Gaze? = nil, eyesOpen: Double? = nil) {
        self.box = box
        self.score = score
        self.yaw = yaw
        self.pitch = pitch
        self.gaze = gaze
        self.eyesOpen = eyesOpen
    }
}

/// A detected object with its COCO class name ("cell phone", "book", "laptop", "tv", "person").
public struct ObjectObservation: Sendable, Codable, Equatable {
    public var label: String
    public var score: Double
    public var box: Box

    public init(label: String, score: Double, box: Box) {
        self.label = label
        self.score = score
        self.box = box
    }
}

/// Horizontal and vertical gaze offset.
public struct Gaze: Sendable, Codable, Equatable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    public var magnitude: Double { (x * x + y * y).squareRoot() }
}

/// An axis-aligned box in frame coordinates normalised to 0...1, so rules do not depend on the
/// analysis resolution.
public struct Box: Sendable, Codable, Equatable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var area: Double { max(0, width) * max(0, height) }
}
