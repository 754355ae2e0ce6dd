import Foundation
import VigilCore

/// Everything the detectors found in one image, in pixels, before it is reduced to an
/// `Observation`: what `vigil detect` prints and what annotated snapshots draw.
public struct Detections: Sendable {
    public struct Face: Sendable {
        public var detection: DetectedFace
        public var pose: HeadPose?
        public var gaze: Gaze?
        public var eyesOpen: Double?
        /// Mesh points for drawing, nil when the face was not meshed.
        public var landmarks: FaceLandmarks?

        init(detection: DetectedFace, pose: HeadPose? = nil, gaze: Gaze? = nil, eyesOpen: Double? = nil, landmarks: FaceLandmarks? = nil) {
            self.detection = detection
            self.pose = pose
            self.gaze = gaze
            self.eyesOpen = eyesOpen
            self.landmarks = landmarks
        }
    }

    public var width: Int
    public var height: Int
    public var faces: [Face]
    public var objects: [DetectedObject]
    public var objectsAnalyzed: Bool
    /// Hands (palm detector + landmarks), when `handsAnalyzed`.
    public var hands: [DetectedHand] = []
    public var handsAnalyzed: Bool = false
    /// The main face's identity descriptor when the identity check ran on this image.
    public var identity: IdentitySample? = nil

    /// The rules' view of these detections at `time`.
    public func observation(at time: Double) -> Observation {
        var observation = Observation(
            time: time,
            faces: faces.map {
                FaceObservation(
                    box: $0.detection.box.normalized(width: width, height: height), score: $0.detection.score,
                    yaw: $0.pose?.yaw, pitch: $0.pose?.pitch, gaze: $0.gaze, eyesOpen: $0.eyesOpen,
                    mouthOpen: $0.landmarks.map { MouthOpening($0).ratio })
            },
            objects: objects.map {
                ObjectObservation(label: $0.label, score: $0.score, box: $0.box.normalized(width: width, height: height))
            },
            objectsAnalyzed: objectsAnalyzed,
            hands: hands.map { HandObservation(box: $0.box.normalized(width: width, height: height), score: $0.presence) },
            handsAnalyzed: handsAnalyzed)
        observation.identity = identity
        return observation
    }

    /// `vigil detect`'s line: {"file", "faces": [...], "objects": [...]}.
    public func jsonLine(file: String, thresholds: RuleThresholds = .standard) -> String {
        func round(_ value: Double, _ places: Double = 2) -> Double { (value * pow(10, places)).rounded() / pow(10, places) }
        func box(_ rect: Rect) -> [Double] { [rect.x, rect.y, rect.width, rect.height].map { round($0, 1) } }
        let faceObjects: [[String: Any]] = faces.map { face in
            let single = Observation(time: 0, faces: [FaceObservation(
                box: Box(x: 0, y: 0, width: 1, height: 1), score: face.detection.score, yaw: face.pose?.yaw,
                pitch: face.pose?.pitch, gaze: face.gaze, eyesOpen: face.eyesOpen)])
            let judgement = FrameJudgement(single, thresholds: thresholds)
            func orNull(_ value: Any?) -> Any { value ?? NSNull() }
            return [
                "box": box(face.detection.box),
                "score": round(face.detection.score, 3),
                "yaw": orNull(face.pose.map { round($0.yaw, 1) }),
                "pitch": orNull(face.pose.map { round($0.pitch, 1) }),
                "gaze": orNull(face.gaze.map { [round($0.x), round($0.y)] }),
                "eyes_open": orNull(face.eyesOpen.map { round($0) }),
                "mouth_open": orNull(face.landmarks.map { round(MouthOpening($0).ratio, 3) }),
                "looking_away": orNull(judgement.lookingAway.holds),
                "eyes_closed": orNull(judgement.eyesClosed.holds),
            ]
        }
        let objectObjects: [[String: Any]] = objects.map { ["class": $0.label, "score": round($0.score, 3), "box": box($0.box)] }
        let primary = faces.first.map { $0.detection.box.normalized(width: width, height: height) }
        let handObjects: [[String: Any]] = hands.map {
            ["box": box($0.box), "score": round($0.presence, 3),
             "placement": HandPlacement.of($0.box.normalized(width: width, height: height), face: primary).rawValue]
        }
        var object: [String: Any] = ["file": file, "faces": faceObjects, "objects": objectObjects]
        if handsAnalyzed { object["hands"] = handObjects }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
