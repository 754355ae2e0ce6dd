@testable import VigilCore

// Helpers that script what the detectors "see", frame by frame, and feed it to a `RuleEngine`.

/// Frames per second of every scripted sequence.
let framesPerSecond = 10.0

/// Time of frame `index`, by division so that whole tenths of a second are exact.
func frameTime(_ index: Int) -> Double { Double(index) / framesPerSecond }

/// Equality for times built from tenths of a second.
func approx(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-6 }

/// Whether a condition that starts at `onset` and lasts `held` seconds holds at time `t`.
func holding(_ t: Double, from onset: Double, for held: Double) -> Bool {
    t > onset - 1e-6 && t < onset + held + 1e-6
}

/// What the engine reported over one scripted sequence.
struct RuleRun {
    /// Transitions raised while the frames were processed.
    var transitions: [RuleTransition]
    /// Transitions raised by `finish(at:)` at the end of the sequence.
    var atFinish: [RuleTransition]
    /// The engine's open events just before `finish(at:)`.
    var openBeforeFinish: [DetectedEvent]

    func started(_ kind: EventKind) -> [DetectedEvent] {
        transitions.compactMap { if case .started(let e) = $0, e.kind == kind { e } else { nil } }
    }

    /// Events of `kind` that ended while frames were processed (not by `finish`).
    func ended(_ kind: EventKind) -> [DetectedEvent] {
        transitions.compactMap { if case .ended(let e) = $0, e.kind == kind { e } else { nil } }
    }

    /// Events of `kind` closed by `finish(at:)`.
    func closedAtFinish(_ kind: EventKind) -> [DetectedEvent] {
        atFinish.compactMap { if case .ended(let e) = $0, e.kind == kind { e } else { nil } }
    }

    /// Every kind that started an event, in order.
    var startedKinds: [EventKind] {
        transitions.compactMap { if case .started(let e) = $0 { e.kind } else { nil } }
    }
}

/// Feeds the engine one observation per frame at 10 fps from 0 s through `seconds`, built by
/// `observe` from the frame's time, then finishes the session at `seconds`.
func simulate(
    seconds: Double, thresholds: RuleThresholds = .standard,
    _ observe: (Double) -> Observation
) -> RuleRun {
    var engine = RuleEngine(thresholds: thresholds)
    var transitions: [RuleTransition] = []
    let last = Int((seconds * framesPerSecond).rounded())
    for index in 0...last {
        transitions += engine.process(observe(frameTime(index)))
    }
    let open = engine.openEvents
    return RuleRun(transitions: transitions, atFinish: engine.finish(at: frameTime(last)), openBeforeFinish: open)
}

extension FaceObservation {
    /// The candidate: a large face looking straight at the camera with open eyes, unless told otherwise.
    static func candidate(
        yaw: Double = 0, pitch: Double = 0, gaze: Gaze = Gaze(x: 0, y: 0), eyesOpen: Double = 0.9,
        score: Double = 0.95
    ) -> FaceObservation {
        FaceObservation(
            box: Box(x: 0.3, y: 0.2, width: 0.4, height: 0.5), score: score,
            yaw: yaw, pitch: pitch, gaze: gaze, eyesOpen: eyesOpen)
    }

    /// Someone else, smaller in the frame.
    static func bystander(score: Double = 0.8) -> FaceObservation {
        FaceObservation(
            box: Box(x: 0.8, y: 0.1, width: 0.1, height: 0.15), score: score,
            yaw: 0, pitch: 0, gaze: Gaze(x: 0, y: 0), eyesOpen: 0.9)
    }
}

/// One frame: by default the attentive candidate alone, no objects, object detector run.
func frame(
    _ t: Double, faces: [FaceObservation] = [.candidate()], objects: [ObjectObservation] = [],
    analyzed: Bool = true
) -> Observation {
    Observation(time: t, faces: faces, objects: objects, objectsAnalyzed: analyzed)
}

/// A detection of a COCO class.
func detection(_ label: String, score: Double = 0.8) -> ObjectObservation {
    ObjectObservation(label: label, score: score, box: Box(x: 0.1, y: 0.6, width: 0.1, height: 0.2))
}

/// Runs one frame per character at 10 fps from 0 s, the candidate always attentive:
/// "x" the object detector sees `label`; "." it ran and saw nothing;
/// "-" it skipped the frame; "+" it skipped the frame, whose stale detections list `label`.
func objectRun(
    _ pattern: String, label: String = "cell phone", score: Double = 0.8,
    thresholds: RuleThresholds = .standard
) -> RuleRun {
    let marks = Array(pattern)
    return simulate(seconds: frameTime(marks.count - 1), thresholds: thresholds) { t in
        let seen = [detection(label, score: score)]
        switch marks[Int((t * framesPerSecond).rounded())] {
        case "x": return frame(t, objects: seen)
        case "-": return frame(t, analyzed: false)
        case "+": return frame(t, objects: seen, analyzed: false)
        default: return frame(t)
        }
    }
}
