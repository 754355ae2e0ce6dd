/// What the candidate agrees to before joining, written from the session's own policy: which
/// checks run (in plain words), whether the call is recorded, and how long it is all kept. A
/// fixed text would promise checks the session does not run, or hide ones it does.
public struct ConsentText: Sendable, Equatable, Codable {
    public var paragraphs: [String]
    /// The enabled checks in plain words, in `EventKind` order.
    public var checks: [String]
    public var recorded: Bool
    /// Days after the interview ends that it is deleted; nil: kept until deleted by hand.
    public var retentionDays: Int?

    public init(policy: SessionPolicy, recorded: Bool, retentionDays: Int?) {
        let retention = retentionDays.flatMap { $0 > 0 ? $0 : nil }
        let video = policy.enabledChecks.filter { $0.origin == .video }
        let page = policy.enabledChecks.filter { $0.origin == .page }
        let audio = policy.enabledChecks.filter { $0.origin == .audio }
        checks = policy.enabledChecks.map(Self.plainWords)
        self.recorded = recorded
        self.retentionDays = retention
        var text: [String] = []
        let t = policy.thresholds
        if video.filter({ $0 != .identityMismatch }).isEmpty {
            text.append("This interview is proctored. Your camera and microphone go to the interviewer through Vigil's server; for this interview the server does not analyse your video for faces, gaze or objects.")
        } else {
            text.append("This interview is proctored. Your camera and microphone go to the interviewer through Vigil's server, which analyses your video during the call for: "
                        + Self.list(video.filter { $0 != .identityMismatch }.map(Self.plainWords)) + ".")
        }
        if !page.isEmpty {
            text.append("This page reports when you " + Self.list(page.map(Self.pageWords)) + ".")
        }
        if !audio.isEmpty {
            text.append("Your microphone is checked for " + Self.list(audio.map(Self.plainWords)) + " (only whether a voice or sound is present; nothing you say is transcribed).")
        }
        if policy.isEnabled(.identityMismatch) {
            text.append("Identity check: in the first seconds of the call the server takes a face descriptor (128 numbers computed from a few clear, frontal frames of your face) and then compares the face on camera with it about once a second; when a different person is on camera for \(ReportNumber.text(t.identityMismatchSeconds)) seconds or more, that is recorded as an event with a still picture. The descriptor is stored with this interview only, never used to identify you by name, and deleted with the session.")
        }
        if policy.isEnabled(.candidateDisconnected) {
            text.append("When your video stops arriving (a network drop, a closed tab), the time you were away is recorded.")
        }
        text.append("What is stored: each such event with its time, duration and confidence, and one still picture of the moment a video event started."
                    + (recorded
                       ? " The call is recorded as it arrives (unless the server has no room for it): your camera's video, your microphone and the interviewer's voice, in one video file, so that a reviewer can watch the moment of each event."
                       : " This interview is not recorded: no video or sound of the call is kept."))
        let kept = retention.map { "all of it\(recorded ? ", the recording included," : "") is deleted \($0) day\($0 == 1 ? "" : "s") after the interview ends, or earlier when the interviewer deletes the session" }
            ?? "all of it\(recorded ? ", the recording included," : "") is kept until the interviewer deletes the session"
        text.append("The interviewer and proctors of this interview can read and watch it, and a reviewer can dismiss events; \(kept).")
        paragraphs = text
    }

    /// The check in words a candidate understands.
    public static func plainWords(_ kind: EventKind) -> String {
        switch kind {
        case .lookingAway: "looking away from the screen"
        case .noFace: "no face in view"
        case .multipleFaces: "several people in view"
        case .eyesClosed: "closed eyes"
        case .phone: "a phone in view or held to the ear"
        case .book: "a book in view"
        case .device: "a laptop or second screen in view"
        case .tabHidden: "leaving the interview tab"
        case .windowBlur: "switching to another window"
        case .fullscreenExit: "leaving fullscreen"
        case .copyPaste: "copying or pasting"
        case .candidateDisconnected: "your video stopping"
        case .backgroundVoice: "another voice while your lips are still"
        case .noAudio: "a silent microphone"
        case .identityMismatch: "a different person on camera"
        }
    }

    static func pageWords(_ kind: EventKind) -> String {
        switch kind {
        case .tabHidden: "leave the interview tab"
        case .windowBlur: "switch to another window"
        case .fullscreenExit: "leave fullscreen"
        case .copyPaste: "copy or paste (never what you copied)"
        default: plainWords(kind)
        }
    }

    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }
}
