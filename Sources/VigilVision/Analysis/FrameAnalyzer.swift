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
    private var framesSeen = 0

    /// COCO classes the object detector reports (forbidden objects and people).
    public static let reportedClasses: Set<String> = ["cell phone", "book", "laptop", "tv", "person"]

    public init(configuration: AnalyzerConfiguration) throws(VisionError) {
        self.configuration = configuration
        let catalog = ModelCatalog(folder: configuration.modelsDirectory)
        // Every file is checked before the engine starts, so a missing model is named first.
        let paths = try (catalog.path(of: .faceDetector), catalog.path(of: .faceLandmarks), catalog.path(of: .iris),
                         catalog.path(of: .objects), catalog.labels())
        let engine = try InferenceEngine(threads: configuration.threads)
        faceDetector = try FaceDetector(engine: engine, modelPath: paths.0, minimumScore: configuration.minimumFaceScore)
        faceMesh = try FaceMesh(engine: engine, modelPath: paths.1)
        gazeEstimator = try GazeEstimator(engine: engine, modelPath: paths.2)
        objectDetector = try ObjectDetector(engine: engine, modelPath: paths.3, labels: paths.4)
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
    public func analyze(_ frame: VideoFrame, objects: Bool) throws(VisionError) -> Observation {
        let image = try Image(frame)
        return try detect(image, objects: objects, tiles: false).observation(at: frame.time)
    }

    /// All detections for an image (objects included unless `objects` is false; the tiled face
    /// search as configured unless `tiles` says otherwise).
    public func detect(_ image: Image, objects: Bool = true, tiles: Bool? = nil) throws(VisionError) -> Detections {
        let found = try faceDetector.detect(in: image, tiles: tiles ?? configuration.tiledFaceSearch)
            .sorted { $0.box.area > $1.box.area }
        var faces: [Detections.Face] = []
        for (index, detection) in found.enumerated() {
            guard index < configuration.maximumMeshedFaces else {
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
        let things = objects ? try objectDetector.detect(in: image, minimumScore: 0.3, wanted: Self.reportedClasses) : []
        return Detections(width: image.width, height: image.height, faces: faces, objects: things, objectsAnalyzed: objects)
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
        return [
            ("face_detector", try time { _ = try faceDetector.detect(in: image, tiles: false) }),
            ("face_detector_tiled", try time { _ = try faceDetector.detect(in: image, tiles: true) }),
            ("face_mesh", try time { _ = try faceMesh.landmarks(for: face, in: image) }),
            ("head_pose", try time { _ = HeadPose.estimate(landmarks, width: image.width, height: image.height) }),
            ("gaze", try time { _ = try gazeEstimator.gaze(landmarks, in: image) }),
            ("object_detector", try time { _ = try objectDetector.detect(in: image, wanted: Self.reportedClasses) }),
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
