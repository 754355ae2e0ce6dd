import Foundation
import Logging
import Metrics
import VigilCore
import VigilStore
import VigilVision

/// What live proctoring tells the pages and the overlay.
public enum ProctoringUpdate: Sendable {
    /// A rule fired; the event is already committed (with its snapshot, if one could be made).
    /// `frameArrival` is when the frame that made it fire reached the server.
    case eventStarted(ProctoringEvent, frameArrival: Date?)
    /// The condition stopped; the end is committed.
    case eventEnded(ProctoringEvent)
    /// The overlay to draw from now on.
    case overlay(OverlayState)
    /// An event could not be stored (disk full, read-only database): it is not acknowledged,
    /// and the interviewer and proctors must know that the record has a gap.
    case storageFailed(String)
}

/// Live proctoring of one session: each frame from the relay's analysis branch goes through the
/// detectors and the rules; every event start and end is written to SQLite at once (the start
/// with a JPEG snapshot of the frame, boxes drawn) and only then published. Runs on a thread of
/// its own (see `DedicatedThreadExecutor`); the relay hands frames over without waiting and drops
/// those that arrive while a frame is being analysed.
public actor LiveProctor {
    private let executor: DedicatedThreadExecutor
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    private let session: SessionInfo
    private let store: Store
    private let analyzer: FrameAnalyzer
    private var engine: RuleEngine
    private let publish: @Sendable (ProctoringUpdate) -> Void
    private let logger: Logger
    private var openEvents: [EventKind: ProctoringEvent] = [:]
    private var clock: StreamClock
    private var rate = RateMeter()
    private var score: Double = 100
    /// Boxes of the forbidden objects from the last frame the object detector ran on (it skips
    /// frames); drawn on the frames in between so the boxes do not flicker.
    private var objectMarks: [OverlayState.Mark] = []
    private var finished = false

    /// Frames analysed so far, and how many a second over the last few seconds.
    public private(set) var framesAnalyzed = 0
    public var analysisFramesPerSecond: Double { rate.perSecond }

    public init(session: SessionInfo, store: Store, analyzer configuration: AnalyzerConfiguration,
                clock: StreamClock = StreamClock(), logger: Logger,
                publish: @escaping @Sendable (ProctoringUpdate) -> Void) throws {
        executor = DedicatedThreadExecutor(name: "analysis-\(session.id.prefix(6))", niceness: 10)
        do {
            analyzer = try FrameAnalyzer(configuration: configuration)
        } catch {
            executor.stop()
            throw error
        }
        engine = RuleEngine(thresholds: configuration.thresholds)
        self.clock = clock
        self.session = session
        self.store = store
        self.publish = publish
        self.logger = logger
    }

    /// Analyses one frame. `arrival` is when the relay received it; the frame's own timestamps
    /// place it on the session clock (see `StreamClock`).
    public func analyze(_ frame: VideoFrame, arrival: Date = Date()) async {
        guard !finished else { return }
        let time = clock.sessionTime(for: frame.time, arrival: arrival, sessionStart: session.createdAt)
        let observation: Observation
        do {
            observation = try analyzer.analyze(frame)
        } catch {
            logger.warning("analysis failed on a frame; skipped", metadata: ["session": "\(session.id)", "reason": "\(error)"])
            return
        }
        framesAnalyzed += 1
        rate.tick(at: arrival)
        Counter(label: "vigil_analysis_frames_total").increment()
        var timed = observation
        timed.time = time
        for transition in engine.process(timed) {
            await record(transition, frame: frame, observation: timed, arrival: arrival)
        }
        publish(.overlay(overlay(for: timed)))
    }

    /// Closes open events at the end of the session and stops the analysis thread.
    public func finish(at end: Date) async {
        guard !finished else { return }
        finished = true
        for transition in engine.finish(at: end.timeIntervalSince(session.createdAt)) {
            await record(transition, frame: nil, observation: nil, arrival: nil)
        }
        executor.stop()
    }

    private func record(_ transition: RuleTransition, frame: VideoFrame?, observation: Observation?, arrival: Date?) async {
        let detected = transition.event
        let start = session.createdAt.addingTimeInterval(detected.start)
        do {
            switch transition {
            case .started:
                var event = try await store.insertEvent(
                    NewEvent(kind: detected.kind, source: .detector, start: start, confidence: detected.confidence),
                    session: session.id)
                if let frame, let observation {
                    let jpeg = analyzer.jpeg(frame, drawing: observation)
                    if !jpeg.isEmpty {
                        let snapshot = try await store.saveSnapshot(Data(jpeg), event: event.id)
                        event.snapshot = SnapshotReference(id: snapshot.id, sha256: snapshot.sha256)
                    }
                }
                openEvents[detected.kind] = event
                logger.info("event started", metadata: ["session": "\(session.id)", "kind": "\(detected.kind.rawValue)"])
                await refreshScore()
                publish(.eventStarted(event, frameArrival: arrival))
            case .ended:
                guard var event = openEvents.removeValue(forKey: detected.kind) else { return }
                let end = session.createdAt.addingTimeInterval(detected.end ?? detected.start)
                try await store.endEvent(event.id, session: session.id, at: end, confidence: detected.confidence)
                event.end = max(end, event.start)
                event.confidence = max(event.confidence, detected.confidence)
                await refreshScore()
                publish(.eventEnded(event))
            }
        } catch {
            // Not stored means not acknowledged: nothing is published for this transition.
            logger.error("could not store a live event; it is not reported", metadata: [
                "session": "\(session.id)", "kind": "\(detected.kind.rawValue)", "reason": "\(error)",
            ])
            publish(.storageFailed("the server could not store a \(detected.kind.rawValue.replacingOccurrences(of: "_", with: " ")) event (\(error)); it is not in the record"))
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

/// Places relay frames on the session clock: the first frame's timestamp is anchored to its
/// arrival, later ones follow their own timestamps (so analysis delays do not stretch time). A
/// timestamp going backwards, or drifting from the wall clock by more than `maximumDrift`, means
/// the candidate's stream restarted (reload, rejoin): re-anchor.
public struct StreamClock: Sendable {
    private var anchor: (pts: Double, wall: Date)?
    /// Infinite for streams replayed faster than real time (tests, files).
    public var maximumDrift: Double

    public init(maximumDrift: Double = 5) {
        self.maximumDrift = maximumDrift
    }

    mutating func sessionTime(for pts: Double, arrival: Date, sessionStart: Date) -> Double {
        if let anchor, pts >= anchor.pts, abs(anchor.wall.addingTimeInterval(pts - anchor.pts).timeIntervalSince(arrival)) < maximumDrift {
            return anchor.wall.addingTimeInterval(pts - anchor.pts).timeIntervalSince(sessionStart)
        }
        anchor = (pts, arrival)
        return arrival.timeIntervalSince(sessionStart)
    }
}

/// Events per second over the last 5 seconds.
struct RateMeter: Sendable {
    private var times: [Date] = []

    mutating func tick(at now: Date) {
        times.append(now)
        times.removeAll { now.timeIntervalSince($0) > 5 }
    }

    var perSecond: Double {
        guard let first = times.first, let last = times.last, times.count > 1 else { return 0 }
        return Double(times.count - 1) / max(last.timeIntervalSince(first), 0.001)
    }
}
