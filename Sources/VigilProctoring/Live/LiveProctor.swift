import Foundation
import Logging
import Metrics
import VigilCore
import VigilStore
import VigilVision

/// The rules of one live session: each frame the analysis workers (`AnalysisPool`) analysed is
/// placed on the session clock and judged; every event is written to SQLite the moment its rule
/// fires (with its true start, the condition's onset, and a JPEG snapshot of the firing frame,
/// boxes drawn), its end when the condition ends, and each only then published. The
/// detectors run elsewhere, at the session's budgeted rate; this actor does the cheap part, in
/// frame order.
public actor LiveProctor {
    private let session: SessionInfo
    private let store: Store
    private var engine: RuleEngine
    private let recorder: DetectedEventRecorder
    private let publish: @Sendable (ProctoringUpdate) -> Void
    private let logger: Logger
    private var clock: StreamClock
    private var rate = RateMeter()
    private let rateGauge: Gauge
    private var score: Double = 100
    /// The session's prices, for the running score.
    private let prices: ScoringPolicy
    /// Boxes of the forbidden objects from the last frame the object detector ran on (it runs at
    /// a lower rate); drawn on the frames in between so the boxes do not flicker.
    private var objectMarks: [OverlayState.Mark] = []
    private var finished = false
    /// Both microphones' recent voice windows; nil until the first one arrives, so a session
    /// whose relay measures no audio is judged on video alone.
    private var audio: AudioTimeline?
    /// Whether the identity enrolment is in the store (given at start on a resumed session, or
    /// stored once the rules enrolled the face).
    private var enrolmentStored: Bool

    /// Frames analysed so far, and how many a second over the last few seconds.
    public private(set) var framesAnalyzed = 0
    public var analysisFramesPerSecond: Double { rate.perSecond }

    /// `policy`: the session's (its checks, thresholds and prices); nil judges by `thresholds`
    /// with every check on and the standard prices.
    public init(session: SessionInfo, store: Store, thresholds: RuleThresholds = .standard, policy: SessionPolicy? = nil,
                clock: StreamClock = StreamClock(), logger: Logger, identityEnrolment: FaceDescriptor? = nil,
                publish: @escaping @Sendable (ProctoringUpdate) -> Void) {
        engine = policy.map { RuleEngine(policy: $0, identityEnrolment: identityEnrolment) }
            ?? RuleEngine(thresholds: thresholds, identityEnrolment: identityEnrolment)
        prices = policy?.prices ?? .standard
        enrolmentStored = identityEnrolment != nil
        self.clock = clock
        self.session = session
        self.store = store
        recorder = DetectedEventRecorder(store: store, session: session)
        self.publish = publish
        self.logger = logger
        rateGauge = Gauge(label: "vigil_analysis_fps", dimensions: [("session", session.id)])
    }

    /// Judges one analysed frame. `arrival` is when the relay received it; the frame's own
    /// timestamps place it on the session clock (see `StreamClock`).
    public func judge(_ analysed: AnalysedFrame) async {
        guard !finished else { return }
        let frame = analysed.frame, arrival = analysed.arrival
        let time = clock.sessionTime(for: frame.time, arrival: arrival, sessionStart: session.createdAt)
        let observation: Observation
        switch analysed.observation {
        case .success(let seen):
            observation = seen
        case .failure(let error):
            logger.warning("analysis failed on a frame; skipped", metadata: ["session": "\(session.id)", "reason": "\(error)"])
            return
        }
        framesAnalyzed += 1
        // On arrival times: the rate of the candidate's stream that was analysed (frames judged
        // together after a slow store write do not read as a burst).
        rate.tick(at: arrival)
        rateGauge.record(rate.perSecond)
        Counter(label: "vigil_analysis_frames_total").increment()
        var timed = observation
        timed.time = time
        timed.audio = audio?.observation(at: time, thresholds: engine.thresholds)
        for transition in engine.process(timed) {
            await record(transition, frame: frame, observation: timed, arrival: arrival)
        }
        if !enrolmentStored, let enrolment = engine.identityEnrolment { await store(enrolment) }
        publish(.overlay(overlay(for: timed)))
    }

    /// A voice window of one microphone, placed on the session clock by its arrival (`end` of
    /// the window): the next frames are judged with it.
    public func hear(_ window: VoiceWindow, from source: VoiceSource, arrival: Date) {
        guard !finished else { return }
        if audio == nil { audio = AudioTimeline() }
        audio?.add(window, from: source, endingAt: arrival.timeIntervalSince(session.createdAt))
    }

    /// Closes open events at the end of the session; later frames are ignored.
    public func finish(at end: Date) async {
        guard !finished else { return }
        finished = true
        for transition in engine.finish(at: end.timeIntervalSince(session.createdAt)) {
            await record(transition, frame: nil, observation: nil, arrival: nil)
        }
        rateGauge.record(0)
    }

    /// Ignores later frames without recording anything: the session was deleted, there is
    /// nothing left to close.
    public func stop() {
        guard !finished else { return }
        finished = true
        rateGauge.record(0)
    }

    private func record(_ transition: RuleTransition, frame: VideoFrame?, observation: Observation?, arrival: Date?) async {
        let kind = transition.event.kind
        var snapshot: [UInt8]?
        if case .started = transition, let frame, let observation { snapshot = FrameAnalyzer.jpeg(frame, drawing: observation) }
        do {
            switch try await recorder.record(transition, snapshot: snapshot) {
            case .started(let event):
                logger.info("event started", metadata: ["session": "\(session.id)", "kind": "\(kind.rawValue)"])
                await refreshScore()
                publish(.eventStarted(event, frameArrival: arrival))
            case .ended(let event):
                await refreshScore()
                publish(.eventEnded(event))
            case nil:
                return
            }
        } catch .sessionNotFound, .sessionEnded {
            // Deleted or ended while this frame was analysed: there is no record left to keep whole.
            logger.info("live event dropped: the session is gone or over", metadata: ["session": "\(session.id)", "kind": "\(kind.rawValue)"])
        } catch {
            // Not stored means not acknowledged: nothing is published for this transition.
            logger.error("could not store a live event; it is not reported", metadata: [
                "session": "\(session.id)", "kind": "\(kind.rawValue)", "reason": "\(error)",
            ])
            publish(.storageFailed("the server could not store a \(kind.rawValue.replacingOccurrences(of: "_", with: " ")) event (\(error)); it is not in the record"))
        }
    }

    /// Keeps the enrolled face with the session, so that a restarted server checks the candidate
    /// against the same face; a failed write is retried on the next frame.
    private func store(_ enrolment: FaceDescriptor) async {
        do {
            try await store.saveIdentityEnrolment(enrolment, session: session.id)
            enrolmentStored = true
            logger.info("candidate's face enrolled for the identity check", metadata: ["session": "\(session.id)"])
        } catch .sessionNotFound {
            enrolmentStored = true
        } catch {
            logger.error("could not store the identity enrolment; retrying", metadata: ["session": "\(session.id)", "reason": "\(error)"])
        }
    }

    private func refreshScore() async {
        guard let events = try? await store.events(session: session.id) else { return }
        score = IntegrityScore(events: events, policy: prices, asOf: Date()).score
    }

    private func overlay(for observation: Observation) -> OverlayState {
        let judgement = FrameJudgement(observation, thresholds: engine.thresholds)
        var marks: [OverlayState.Mark] = []
        for face in observation.faces {
            let flagged = face == observation.primaryFace && (judgement.lookingAway.holds == true || judgement.eyesClosed.holds == true)
            marks.append(.init(box: face.box, label: OverlayState.label("face", confidence: face.score), alarming: flagged || observation.faces.count > 1))
        }
        if observation.objectsAnalyzed {
            objectMarks = observation.objects.filter { EventKind.forObjectClass($0.label) != nil }
                .map { .init(box: $0.box, label: OverlayState.label($0.label, confidence: $0.score), alarming: true) }
        }
        marks += objectMarks
        let banners = engine.openEvents.sorted { $0.start < $1.start }.map { OverlayState.banner(for: $0, now: observation.time) }
        // What the interviewer needs (the score; the alerts are the banners). The analysis rate is
        // a proctor's figure: the proctor page shows it from GET /api/sessions/:id/relay.
        let status = "score \(Deduction.number(score))"
        return OverlayState(marks: marks, banners: banners, status: status)
    }
}
