import VigilCore

/// What the relay draws into the interviewer's and proctors' video: boxes for what is seen now,
/// banners for open events, and a status line. Replaced whole after every analysed frame; the
/// pipeline reads the latest one without waiting for the analyzer.
public struct OverlayState: Sendable, Equatable {
    public struct Mark: Sendable, Equatable {
        /// Normalised 0...1 box.
        public var box: Box
        public var label: String
        /// Forbidden objects and flagged faces are drawn in alarm colours.
        public var alarming: Bool
    }

    public var marks: [Mark]
    /// One line per open event, e.g. "No face for 12 s", "Phone in view".
    public var banners: [String]
    /// E.g. "analysis 7.9 fps · score 85".
    public var status: String

    public static let empty = OverlayState(marks: [], banners: [], status: "")

    /// The banner text for an open event at session time `now`.
    public static func banner(for event: DetectedEvent, now: Double) -> String {
        let seconds = Int(max(0, now - event.onset).rounded(.down))
        switch event.kind {
        case .noFace: return "No face for \(seconds) s"
        case .lookingAway: return "Looking away for \(seconds) s"
        case .eyesClosed: return "Eyes closed for \(seconds) s"
        case .multipleFaces: return "Several faces in view"
        default: return event.kind.title
        }
    }
}
