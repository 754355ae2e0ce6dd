import Foundation
import Logging
import Metrics
import VigilCore
import VigilStore
import VigilVision

/// The rules of one live session: each frame the analysis workers (`AnalysisPool`) analysed is
/// placed on the session clock and judged; every event start and end is written to SQLite at
/// once (the start with a JPEG snapshot of the frame, boxes drawn) and only then published. The
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
    /// Boxes of the forbidden objects from the last frame the object detector ran on (it runs at
    /// a lower rate); drawn on the frames in between so the boxes do not flicker.
    private var objectMarks: [OverlayState.Mark] = []
    private var finished = false

    /// Frames analysed so far, and how many a second over the last few seconds.
    public private(set) var framesAnalyzed = 0
    public var analysisFramesPerSecond: Double { rate.perSecond }

    public init(session: SessionInfo, store: Store, thresholds: RuleThresholds = .standard,
                clock: StreamClock = StreamClock(), logger: Logger,
                publish: @escaping @Sendable (ProctoringUpdate) -> Void) {
        engine = RuleEngine(thresholds: thresholds)
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
        for transition in engine.process(timed) {
            await record(transition, frame: frame, observation: timed, arrival: arrival)
        }
        publish(.overlay(overlay(for: timed)))
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

    private func refreshScore() async {
        guard let events = try? await store.events(session: session.id) else { return }
        score = IntegrityScore(events: events, asOf: Date()).score
    }

    private func overlay(for observation: Observation) -> OverlayState {
        let judgement = FrameJudgement(observation, thresholds: engine.thresholds)
        var marks: [OverlayState.Mark] = []
        for face in observation.faces {
            let flagged = face == observation.primaryFace && (judgement.lookingAway.holds == true || judgement.eyesClosed.holds == true)
            marks.append(.init(box: face.box, label: "face", alarming: flagged || observation.faces.count > 1))
        }
        if observation.objectsAnalyzed {
            objectMarks = observation.objects.filter { EventKind.forObjectClass($0.label) != nil }
                .map { .init(box: $0.box, label: $0.label, alarming: true) }
        }
        marks += objectMarks
        let banners = engine.openEvents.sorted { $0.start < $1.start }.map { OverlayState.banner(for: $0, now: observation.time) }
        let status = String(format: "analysis %.1f fps", rate.perSecond) + " · score \(Deduction.number(score))"
        return OverlayState(marks: marks, banners: banners, status: status)
    }
}
