import CVision
import Foundation
import VigilCore

/// Turns one BGR frame into one `Observation`: faces (BlazeFace), for the largest few their mesh,
/// head pose, eye openness and gaze, and every Nth frame the objects (YOLOX), all inferred by
/// OpenVINO on the CPU. It owns its engine and networks and is used from one task at a time (not
/// Sendable); the live loop gives it its own executor, `vigil analyze` calls it in a loop.
public final class FrameAnalyzer {
    public let configuration: AnalyzerConfiguration
    private let faceDetector: FaceDetector
    private let faceMesh: FaceMesh
    private let gazeEstimator: GazeEstimator
    private let objectDetector: ObjectDetector
    private let farFaceDetector: FaceDetector
    /// CenterFace, loaded when `configuration.profileFaceSearch` is on.
    private let profileFaceDetector: CenterFaceDetector?
    private let palmDetector: PalmDetector
    private let handLandmarker: HandLandmarker
    /// dlib's network, loaded only when `configuration.identityCheck` is on.
    private let faceEmbedder: FaceEmbedder?
    private var framesSeen = 0

    /// COCO classes the object detector reports (forbidden objects and people).
    public static let reportedClasses: Set<String> = ["cell phone", "book", "laptop", "tv", "person"]

    public init(configuration: AnalyzerConfiguration) throws(VisionError) {
        self.configuration = configuration
        let catalog = ModelCatalog(folder: configuration.modelsDirectory)
        // Every file is checked before the engine starts, so a missing model is named first.
        let paths = try (catalog.path(of: .faceDetector), catalog.path(of: .faceLandmarks), catalog.path(of: .iris),
                         catalog.path(of: .objects), catalog.labels())
        let more = try (catalog.path(of: .farFaceDetector), catalog.path(of: .palmDetector), catalog.path(of: .handLandmarks))
        let faceRecognition = configuration.identityCheck ? try catalog.path(of: .faceRecognition) : nil
        let profileFaces = configuration.profileFaceSearch ? try catalog.path(of: .profileFaceDetector) : nil
        let engine = try InferenceEngine(threads: configuration.threads)
        faceDetector = try FaceDetector(engine: engine, modelPath: paths.0, minimumScore: configuration.minimumFaceScore)
        faceMesh = try FaceMesh(engine: engine, modelPath: paths.1)
        gazeEstimator = try GazeEstimator(engine: engine, modelPath: paths.2)
        objectDetector = try ObjectDetector(engine: engine, modelPath: paths.3, labels: paths.4)
        farFaceDetector = try FaceDetector(engine: engine, modelPath: more.0, minimumScore: configuration.minimumFarFaceScore,
                                           anchors: .fullRange, name: "BlazeFaceFullRange")
        profileFaceDetector = try profileFaces.map { path throws(VisionError) in
            try CenterFaceDetector(engine: engine, modelPath: path, minimumScore: configuration.minimumProfileFaceScore)
        }
        palmDetector = try PalmDetector(engine: engine, modelPath: more.1)
        handLandmarker = try HandLandmarker(engine: engine, modelPath: more.2)
        faceEmbedder = try faceRecognition.map { path throws(VisionError) in try FaceEmbedder(modelPath: path) }
        // OpenCV's threads for the image work are process-wide: the last analyzer created sets them.
        cv_set_threads(Int32(configuration.threads))
    }

    /// The observation for one video frame (object detection on every Nth call). Throws only if
    /// OpenCV or OpenVINO fails on the frame; callers skip such a frame rather than read it as "no face".
    public func analyze(_ frame: VideoFrame) throws(VisionError) -> Observation {
        let runObjects = framesSeen % configuration.objectDetectionInterval == 0
        framesSeen += 1
        return try analyze(frame, objects: runObjects)
    }

    /// The observation for one frame of a rated analysis (live calls, `vigil analyze`): the
    /// caller decides whether the object detector runs on it (it keeps its own, lower rate).
    /// One pass of the face detector, never the tiled search: at 640x480 a candidate's face is
    /// large, and the tiled passes cost more than the rest of the frame's work together.
    /// `identity`: also take the main face's identity descriptor (the identity check's own, lower rate).
    public func analyze(_ frame: VideoFrame, objects: Bool, identity: Bool = false) throws(VisionError) -> Observation {
        let image = try Image(frame)
        var detections = try detect(image, objects: objects, tiles: false)
        if identity { detections.identity = try identitySample(of: detections, in: image) }
        return detections.observation(at: frame.time)
    }

    /// Whether dlib's face recognition network is loaded (the identity check is on).
    public var identityCheckLoaded: Bool { faceEmbedder != nil }

    /// The identity descriptor of the largest meshed face in `detections`, nil when none was meshed.
    public func identitySample(of detections: Detections, in image: Image) throws(VisionError) -> IdentitySample? {
        guard let landmarks = detections.faces.first(where: { $0.landmarks != nil })?.landmarks else { return nil }
        return try embedder().sample(for: landmarks, in: image)
    }

    /// The loaded network; asking for a descriptor from an analyzer made without it is the
    /// caller's mistake, reported rather than answered with "no face".
    private func embedder() throws(VisionError) -> FaceEmbedder {
        guard let faceEmbedder else { throw .identityCheckOff }
        return faceEmbedder
    }

    /// The identity descriptor of every meshed face in `detections`, largest first (`make bench`'s
    /// false match / false non-match count on the labelled photos).
    public func identitySamples(of detections: Detections, in image: Image) throws(VisionError) -> [IdentitySample] {
        var samples: [IdentitySample] = []
        for face in detections.faces {
            guard let landmarks = face.landmarks else { continue }
            samples.append(try embedder().sample(for: landmarks, in: image))
        }
        return samples
    }

    /// All detections for an image (objects included unless `objects` is false, hands on the
    /// same frames as objects; the tiled face search as configured unless `tiles` says otherwise).
    public func detect(_ image: Image, objects: Bool = true, tiles: Bool? = nil) throws(VisionError) -> Detections {
        let tiled = tiles ?? configuration.tiledFaceSearch
        let found = try faceDetector.detect(in: image, tiles: tiled)
        var faces = try measure(found, in: image, meshed: 0)
        // Faces a few metres away: the full-range detector, where the short-range one left no
        // face or only small ones.
        let largest = faces.map(\.detection.box.height).max() ?? 0
        if configuration.farFaceSearch, largest < configuration.smallFaceHeight * Double(image.height) {
            // Tiles (a closer look, 5 passes) for photos, and live on the object detector's frames only.
            let far = try farFaceDetector.detect(in: image, tiles: tiled || objects)
                .filter { face in !faces.contains { $0.detection.box.intersectionOverUnion(face.box) > 0.3 } }
            faces += try measure(far, in: image, meshed: faces.count)
        }
        // Faces in side profile or cut by the border (a second person beside the candidate):
        // CenterFace, on the object detector's frames and photos; only faces not already found.
        if let profileFaceDetector, objects || tiled {
            faces += try profileFaceDetector.detect(in: image)
                .filter { face in !faces.contains { $0.detection.box.sameFace(as: face.box) } }
                .map { Detections.Face(detection: $0) }
        }
        faces.sort { $0.detection.box.area > $1.detection.box.area }
        let things = objects ? try objectDetector.detect(in: image, minimumScore: 0.3, wanted: Self.reportedClasses) : []
        var detections = Detections(width: image.width, height: image.height, faces: faces, objects: things, objectsAnalyzed: objects)
        if objects && configuration.handDetection {
            // Hands are placed against the face (at the ear, before it): with no face in view
            // there is nothing to place them against, so the palm models are spared.
            detections.hands = faces.isEmpty ? [] : try findHands(in: image)
            detections.handsAnalyzed = true
        }
        return detections
    }

    /// Mesh, pose, gaze and eyes for each detection, largest first (for at most
    /// `maximumMeshedFaces` faces in all, `meshed` of them already measured); detections the
    /// mesh model says are no face are dropped.
    private func measure(_ detections: [DetectedFace], in image: Image, meshed: Int) throws(VisionError) -> [Detections.Face] {
        var faces: [Detections.Face] = []
        for (index, detection) in detections.sorted(by: { $0.box.area > $1.box.area }).enumerated() {
            guard meshed + index < configuration.maximumMeshedFaces else {
                faces.append(Detections.Face(detection: detection))
                continue
            }
            let landmarks = try faceMesh.landmarks(for: detection, in: image)
            // The mesh model's own face-presence score rejects detector false positives
            // (animal faces, patterns) that BlazeFace alone accepts.
            guard landmarks.presence >= configuration.minimumFacePresence else { continue }
            let pose = HeadPose.estimate(landmarks, width: image.width, height: image.height)
            let gaze = try gazeEstimator.gaze(landmarks, in: image)
            faces.append(Detections.Face(detection: detection, pose: pose, gaze: gaze,
                                         eyesOpen: EyeOpenness(landmarks).openRatio, landmarks: landmarks))
        }
        return faces
    }

    /// Hands confirmed by the landmark model, at most four (the palm detector's best).
    func findHands(in image: Image) throws(VisionError) -> [DetectedHand] {
        var hands: [DetectedHand] = []
        for palm in try palmDetector.detect(in: image).prefix(4) {
            let hand = try handLandmarker.measure(palm, in: image)
            if hand.presence >= configuration.minimumHandPresence { hands.append(hand) }
        }
        return hands
    }

    /// Median milliseconds of each stage on `frame` over `runs` runs, for `make bench`.
    public func stageTimings(_ frame: VideoFrame, runs: Int) throws -> [(String, Double)] {
        let image = try Image(frame)
        func time(_ body: () throws -> Void) throws -> Double {
            var samples: [Double] = []
            for _ in 0..<max(1, runs) {
                let start = ContinuousClock.now
                try body()
                let elapsed = ContinuousClock.now - start
                samples.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
            }
            return samples.sorted()[samples.count / 2]
        }
        guard let face = try faceDetector.detect(in: image, tiles: false).first else {
            throw VisionError.inferenceFailed(model: "BlazeFace", reason: "no face in the benchmark frame")
        }
        let landmarks = try faceMesh.landmarks(for: face, in: image)
        var timings = [
            ("face_detector", try time { _ = try faceDetector.detect(in: image, tiles: false) }),
            ("face_detector_tiled", try time { _ = try faceDetector.detect(in: image, tiles: true) }),
            ("face_mesh", try time { _ = try faceMesh.landmarks(for: face, in: image) }),
            ("head_pose", try time { _ = HeadPose.estimate(landmarks, width: image.width, height: image.height) }),
            ("gaze", try time { _ = try gazeEstimator.gaze(landmarks, in: image) }),
            ("object_detector", try time { _ = try objectDetector.detect(in: image, wanted: Self.reportedClasses) }),
            ("profile_face_detector", try time { _ = try profileFaceDetector?.detect(in: image) }),
            ("far_face_detector", try time { _ = try farFaceDetector.detect(in: image, tiles: false) }),
            // The closer look on object frames when no face or only small ones were found.
            ("far_face_detector_tiled", try time { _ = try farFaceDetector.detect(in: image, tiles: true) }),
            ("palm_detector", try time { _ = try palmDetector.detect(in: image) }),
            // Palms plus the landmark model on each (at the object detector's rate).
            ("hands", try time { _ = try findHands(in: image) }),
            // What every analysed frame costs without objects: faces (one pass), mesh, iris, pose, eyes.
            ("faces_mesh_iris_pose", try time {
                for detection in try faceDetector.detect(in: image, tiles: false) {
                    let landmarks = try faceMesh.landmarks(for: detection, in: image)
                    _ = HeadPose.estimate(landmarks, width: image.width, height: image.height)
                    _ = try gazeEstimator.gaze(landmarks, in: image)
                    _ = EyeOpenness(landmarks).openRatio
                }
            }),
        ]
        if let faceEmbedder {
            // The identity check's cost per sample: alignment, chip, dlib's ResNet.
            timings.append(("face_embedding", try time { _ = try faceEmbedder.sample(for: landmarks, in: image) }))
        }
        return timings
    }

    /// A JPEG of the frame with the observation's boxes drawn, for event snapshots; empty when
    /// OpenCV cannot copy or encode the frame.
    public func jpeg(_ frame: VideoFrame, drawing observation: Observation, quality: Int = 85) -> [UInt8] {
        Self.jpeg(frame, drawing: observation, quality: quality)
    }

    /// The same snapshot without an analyzer (it needs no model): the rules of a rated analysis
    /// run apart from the workers that own the analyzers.
    public static func jpeg(_ frame: VideoFrame, drawing observation: Observation, quality: Int = 85) -> [UInt8] {
        guard let image = try? Image(frame) else { return [] }
        AnnotationPainter.draw(observation, on: image)
        return image.jpeg(quality: quality)
    }

    /// Draws detections onto the image (for `vigil detect --annotate`).
    public func draw(_ detections: Detections, on image: Image) {
        AnnotationPainter.draw(detections, on: image, thresholds: configuration.thresholds)
    }
}
