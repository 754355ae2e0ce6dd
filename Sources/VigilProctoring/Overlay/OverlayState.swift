import VigilCore

/// What the relay draws into the interviewer's and proctors' video: boxes for what is seen now,
/// banners for open events, and a status line. Replaced whole after every analysed frame; the
/// pipeline reads the latest one without waiting for the analyzer.
public struct OverlayState: Sendable, Equatable {
    public struct Mark: Sendable, Equatable {
        /// Normalised 0...1 box.
        public var box: Box
        /// What the box shows and how sure the detector is, e.g. "phone 0.82", "face 0.97".
        public var label: String
        /// Forbidden objects and flagged faces are drawn in alarm colours.
        public var alarming: Bool
    }

    public var marks: [Mark]

    /// A box's label: a short name and the detector's confidence with two decimals. COCO's
    /// "cell phone" is shown as "phone", the name its events have.
    public static func label(_ name: String, confidence: Double) -> String {
        let shown = name == "cell phone" ? "phone" : name
        let hundredths = Int((min(max(confidence, 0), 1) * 100).rounded())
        return hundredths == 100 ? "\(shown) 1.00" : "\(shown) 0.\(hundredths < 10 ? "0" : "")\(hundredths)"
    }
    /// One line per open event, e.g. "No face for 12 s", "Phone in view".
    public var banners: [String]
    /// E.g. "score 85" (the analysis rate is shown on the proctor page, not in the video).
    public var status: String

    public static let empty = OverlayState(marks: [], banners: [], status: "")

    /// The banner text for an open event at session time `now`; the seconds count from the
    /// condition's onset (the event's start), not from when the rule fired.
    public static func banner(for event: DetectedEvent, now: Double) -> String {
        let seconds = Int(max(0, now - event.start).rounded(.down))
        switch event.kind {
        case .noFace: return "No face for \(seconds) s"
        case .lookingAway: return "Looking away for \(seconds) s"
        case .eyesClosed: return "Eyes closed for \(seconds) s"
        case .multipleFaces: return "Several faces in view"
        case .backgroundVoice: return "Voice, lips still, for \(seconds) s"
        case .noAudio: return "Microphone silent for \(seconds) s"
        default: return event.kind.title
        }
    }
}
