/// Turns a stream of observations into event starts and ends, using one debounced rule per kind.
/// It is a value type fed in time order; the live loop and `vigil analyze` both drive it, so a
/// recording and a live call are judged by exactly the same logic. Every event it raises spans
/// its condition (see `DetectedEvent`: `start` the onset, `flaggedAt` when the rule fired).
public struct RuleEngine: Sendable {
    public let thresholds: RuleThresholds
    /// Kinds the session's policy turned off: their rules still run (a disabled check must not
    /// change how the others judge), but their transitions are dropped, so they raise nothing.
    public let disabledChecks: Set<EventKind>
    private var lookingAway: SustainedConditionRule
    private var noFace: SustainedConditionRule
    private var multipleFaces: SustainedConditionRule
    private var eyesClosed: SustainedConditionRule
    private var objects: [ObjectPresenceRule]
    private var backgroundVoice: BackgroundVoiceRule
    /// The candidate's microphone silent; steps only on frames with audio measured.
    private var noAudio: SustainedConditionRule
    private var identity: IdentityMismatchRule
    private var identityMismatch: SustainedConditionRule
    /// The last identity sample's verdict and its time (see `RuleThresholds.identityVerdictSeconds`).
    private var identityVerdict: (time: Double, verdict: FrameJudgement.Verdict)?
    private var lastTime: Double?
    /// Phones: seen by the object detector, or a hand held at the ear (issue 11).
    private var phone: PhoneInUseRule
    /// The candidate's neutral head pose, learned in the first seconds with a face.
    public private(set) var neutralPose: NeutralPose
    /// Whether the frames of the open looking-away event were looking down, for its evidence.
    private var lookingDownFrames = 0

    /// `identityEnrolment`: the session's stored enrolment when it has one (a rejoin), so the
    /// identity check compares with the face enrolled at the start instead of enrolling anew.
    public init(thresholds: RuleThresholds = .standard, identityEnrolment: FaceDescriptor? = nil, disabledChecks: Set<EventKind> = []) {
        self.thresholds = thresholds
        self.disabledChecks = disabledChecks
        let release = thresholds.releaseSeconds
        lookingAway = .init(kind: .lookingAway, minimum: thresholds.lookingAwaySeconds, inclusive: false, release: release)
        noFace = .init(kind: .noFace, minimum: thresholds.noFaceSeconds, inclusive: false, release: release)
        multipleFaces = .init(kind: .multipleFaces, minimum: thresholds.multipleFacesSeconds, inclusive: true, release: release)
        eyesClosed = .init(kind: .eyesClosed, minimum: thresholds.eyesClosedSeconds, inclusive: false, release: release)
        phone = PhoneInUseRule(thresholds: thresholds)
        neutralPose = NeutralPose(thresholds: thresholds)
        objects = [EventKind.book, .device].map {
            ObjectPresenceRule(
                kind: $0, window: thresholds.objectWindow, minHits: thresholds.objectMinHits,
                clearFrames: thresholds.objectClearFrames)
        }
        backgroundVoice = BackgroundVoiceRule(thresholds: thresholds)
        noAudio = .init(kind: .noAudio, minimum: thresholds.noAudioSeconds, inclusive: false, release: release)
        identity = IdentityMismatchRule(thresholds: thresholds, enrolment: identityEnrolment)
        identityMismatch = .init(kind: .identityMismatch, minimum: thresholds.identityMismatchSeconds, inclusive: true, release: release)
    }

    /// The rules of a session's policy: its thresholds, its disabled checks.
    public init(policy: SessionPolicy, identityEnrolment: FaceDescriptor? = nil) {
        self.init(thresholds: policy.thresholds, identityEnrolment: identityEnrolment, disabledChecks: policy.disabledChecks)
    }

    /// The face enrolled for the identity check, nil until enough good frames were seen. The
    /// proctoring layer stores it with the session once it appears.
    public var identityEnrolment: FaceDescriptor? { identity.enrolment }

    /// Events that have started and not yet ended, for banners and live status.
    public var openEvents: [DetectedEvent] {
        ([lookingAway.openEvent, noFace.openEvent, multipleFaces.openEvent, eyesClosed.openEvent]
            + objects.map(\.openEvent) + [phone.openEvent, backgroundVoice.openEvent, noAudio.openEvent, identityMismatch.openEvent]).compactMap { $0 }
            .filter { !disabledChecks.contains($0.kind) }
    }

    /// Consumes one observation. Observations older than the previous one are ignored, since the
    /// debounce clocks only run forward.
    public mutating func process(_ observation: Observation) -> [RuleTransition] {
        allowed(judge(observation))
    }

    private func allowed(_ transitions: [RuleTransition]) -> [RuleTransition] {
        disabledChecks.isEmpty ? transitions : transitions.filter { !disabledChecks.contains($0.event.kind) }
    }

    private mutating func judge(_ observation: Observation) -> [RuleTransition] {
        let t = observation.time
        if let lastTime, t < lastTime { return [] }
        lastTime = t
        neutralPose.observe(time: t, pitch: observation.primaryFace?.pitch, yaw: observation.primaryFace?.yaw)
        let judge = FrameJudgement(observation, thresholds: thresholds, neutral: neutralPose.reference,
                                   calibrated: neutralPose.calibrated)
        var transitions: [RuleTransition] = []
        if judge.lookingDown.holds == true { lookingDownFrames += 1 } else if judge.lookingAway.holds == false { lookingDownFrames = 0 }
        var away = lookingAway.step(time: t, holds: judge.lookingAway.holds, confidence: judge.lookingAway.confidence)
        if case .started(var event)? = away, lookingDownFrames > 0 {
            event.evidence = "looking down"
            away = .started(event)
        }
        var several = multipleFaces.step(time: t, holds: judge.multipleFaces.holds, confidence: judge.multipleFaces.confidence)
        if case .started(var event)? = several, observation.faces.count < 2 {
            event.evidence = "\(judge.people) people seen by the object detector, \(observation.faces.count) face(s)"
            several = .started(event)
        }
        transitions.append(contentsOf: [
            noFace.step(time: t, holds: judge.noFace, confidence: 1),
            several,
            away,
            eyesClosed.step(time: t, holds: judge.eyesClosed.holds, confidence: judge.eyesClosed.confidence),
        ].compactMap { $0 })
        transitions += phone.step(time: t, objectsAnalyzed: observation.objectsAnalyzed,
                                  phoneScore: judge.objectScores[.phone], handAtEar: judge.handAtEar)
        if observation.identity != nil { identityVerdict = identity.judge(observation).map { (t, $0) } }
        if let standing = identityVerdict, t - standing.time <= thresholds.identityVerdictSeconds, observation.faceCount == 1,
           let change = identityMismatch.step(time: t, holds: standing.verdict.holds, confidence: standing.verdict.confidence) {
            transitions.append(change)
        }
        if observation.objectsAnalyzed {
            for index in objects.indices {
                let kind = objects[index].kind
                if let change = objects[index].step(time: t, score: judge.objectScores[kind]) {
                    transitions.append(change)
                }
            }
        }
        if let change = backgroundVoice.step(observation) { transitions.append(change) }
        if let change = noAudio.step(time: t, holds: observation.audio?.candidateSilent, confidence: 1) { transitions.append(change) }
        return transitions
    }

    /// Closes every open event at `time`, for the end of a session or of a file.
    public mutating func finish(at time: Double) -> [RuleTransition] {
        var transitions = [lookingAway.finish(at: time), noFace.finish(at: time),
                           multipleFaces.finish(at: time), eyesClosed.finish(at: time)]
        for index in objects.indices { transitions.append(objects[index].finish(at: time)) }
        transitions.append(phone.finish(at: time))
        transitions += [backgroundVoice.finish(at: time), noAudio.finish(at: time)]
        transitions.append(identityMismatch.finish(at: time))
        return allowed(transitions.compactMap { $0 })
    }
}
