/// Every kind of incident Vigil records. The raw values are the wire names used by the REST API,
/// the database and the reports, so they never change once published.
public enum EventKind: String, CaseIterable, Codable, Sendable, Comparable {
    // Seen by the detectors in the candidate's video.
    case lookingAway = "looking_away"
    case noFace = "no_face"
    case multipleFaces = "multiple_faces"
    case eyesClosed = "eyes_closed"
    case phone
    case book
    case device
    // Reported by the candidate's page.
    case tabHidden = "tab_hidden"
    case windowBlur = "window_blur"
    case fullscreenExit = "fullscreen_exit"
    case copyPaste = "copy_paste"
    // Seen by the relay: the candidate's video stopped arriving (network drop, closed tab).
    case candidateDisconnected = "candidate_disconnected"
    // Heard on the candidate's microphone.
    case backgroundVoice = "background_voice"
    case noAudio = "no_audio"
    // Seen by the detectors: the face on camera is not the one enrolled at the start of the call.
    case identityMismatch = "identity_mismatch"

    /// Where an event of this kind normally comes from.
    public var origin: Origin {
        switch self {
        case .lookingAway, .noFace, .multipleFaces, .eyesClosed, .phone, .book, .device: .video
        case .tabHidden, .windowBlur, .fullscreenExit, .copyPaste: .page
        case .candidateDisconnected: .connection
        case .backgroundVoice, .noAudio: .audio
        case .identityMismatch: .video
        }
    }

    /// A short phrase for banners and reports ("Phone in view").
    public var title: String {
        switch self {
        case .lookingAway: "Looking away"
        case .noFace: "No face"
        case .multipleFaces: "Several faces"
        case .eyesClosed: "Eyes closed"
        case .phone: "Phone in view"
        case .book: "Book in view"
        case .device: "Laptop or second screen in view"
        case .tabHidden: "Interview tab hidden"
        case .windowBlur: "Interview window lost focus"
        case .fullscreenExit: "Fullscreen left"
        case .copyPaste: "Copy or paste"
        case .candidateDisconnected: "Candidate disconnected"
        case .backgroundVoice: "Voice while the candidate's lips are still"
        case .noAudio: "Candidate's microphone silent"
        case .identityMismatch: "Different person on camera"
        }
    }

    public enum Origin: String, Codable, Sendable {
        /// Raised by the rules from what the detectors see in the video.
        case video
        /// Raised by the candidate's browser page.
        case page
        /// Raised by the relay when the candidate's media stops (the candidate was unobserved).
        case connection
        /// Raised by the rules from the voice activity on the candidate's (and interviewer's)
        /// microphone.
        case audio
    }

    public static func < (lhs: EventKind, rhs: EventKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The forbidden-object kind for a COCO class name, or nil when the class is allowed.
    public static func forObjectClass(_ cocoClass: String) -> EventKind? {
        switch cocoClass {
        case "cell phone": .phone
        case "book": .book
        case "laptop", "tv": .device
        default: nil
        }
    }

    /// The wire names, for error messages that tell a client what it may send.
    public static var wireNames: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
