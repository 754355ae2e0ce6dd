import Foundation
import Logging
import VigilCore
import VigilLifecycle
import VigilStore
import VigilVision

/// The live detectors of every session whose candidate is in the call. Frames are handed to the
/// server-wide `AnalysisPool` without waiting (a slot per session holding only the newest frame,
/// so the relay never waits for the detectors); the pool's workers analyse each session at its
/// budgeted rate, fairly across sessions, and each session's `LiveProctor` (created on its first
/// frame) judges the results in order; its updates go to `output` in order. Subscribed to the
/// `SessionLifecycle`: a session that ends has its open events closed at the end time and its
/// frames no longer taken; a deleted one stops with nothing written.
public actor LiveProctoring: SessionService {
    private struct Session {
        let proctor: LiveProctor
        let analysed: AsyncStream<AnalysedFrame>.Continuation
        let updates: AsyncStream<ProctoringUpdate>.Continuation
    }

    private let store: Store
    private let analyzer: AnalyzerConfiguration
    public nonisolated let budget: AnalysisBudget
    private let output: any ProctoringOutput
    private let logger: Logger
    /// Loading from the start (one analyzer per worker, on a thread of its own), so the first
    /// session is analysed from its first frame; a failed start fails every session alike (the
    /// models are missing or broken).
    private let poolStart: Task<AnalysisPool, any Error>
    private var pool: AnalysisPool?
    private var sessions: [String: Session] = [:]
    /// Sessions that get no analysis: over, gone, or their detectors could not start.
    private var unavailable: Set<String> = []

    public init(store: Store, analyzer: AnalyzerConfiguration, budget: AnalysisBudget = .standard,
                output: any ProctoringOutput, logger: Logger) {
        self.store = store
        self.analyzer = analyzer
        self.budget = budget
        self.output = output
        self.logger = logger
        poolStart = Task {
            let pool: AnalysisPool
            do {
                pool = try await AnalysisPool.loading(analyzer: analyzer, budget: budget)
            } catch {
                logger.error("the analysis workers cannot start: live calls will not be proctored", metadata: ["reason": "\(error)"])
                throw error
            }
            logger.info("analysis workers started", metadata: [
                "workers": "\(budget.workers)", "fps": "\(budget.framesPerSecond)", "object_fps": "\(budget.objectFramesPerSecond)",
                "identity_fps": "\(budget.identityFramesPerSecond)",
                "identity_network": "\(pool.identityCheckLoaded ? "loaded" : "not loaded")",
            ])
            return pool
        }
    }

    deinit {
        // Still loading: the workers stop as soon as they exist.
        let poolStart = poolStart
        Task { try? await poolStart.value.stop() }
    }

    /// Stops the analysis workers, first waiting for them to finish loading: the server calls it
    /// before it returns, because a process that exits while a loading thread is still inside
    /// OpenVINO's or dlib's model set-up crashes (seen as a segmentation fault on SIGTERM).
    public func stop() async {
        try? await poolStart.value.stop()
    }

    /// A frame of the candidate's video; returns without waiting for the analysis.
    public func deliver(_ frame: VideoFrame, session id: String, arrival: Date = Date()) async {
        if sessions[id] != nil {
            pool?.submit(frame, arrival: arrival, session: id)
            return
        }
        guard !unavailable.contains(id) else { return }
        guard let session = try? await store.session(id: id), session.endedAt == nil else {
            unavailable.insert(id)
            return
        }
        if sessions[id] != nil {  // started while we awaited the store
            pool?.submit(frame, arrival: arrival, session: id)
            return
        }
        guard !unavailable.contains(id) else { return }  // ended or deleted while we awaited the store
        guard let pool = await startedPool(session: id) else { return }
        if sessions[id] != nil {  // started while the workers were loading
            pool.submit(frame, arrival: arrival, session: id)
            return
        }
        guard !unavailable.contains(id) else { return }  // ended or deleted while the workers were loading
        // A resumed session (a restarted server) checks the candidate against the face enrolled
        // at the start of the call; a rejoin within this process keeps its proctor and enrolment.
        let enrolment = try? await store.identityEnrolment(session: id)
        // The session's own checks, thresholds and prices (standard for a session without one).
        let policy = (try? await store.policy(session: id)) ?? .standard
        if sessions[id] != nil {  // started while we awaited the store
            pool.submit(frame, arrival: arrival, session: id)
            return
        }
        guard !unavailable.contains(id) else { return }  // ended or deleted while we awaited the store
        let (updates, updateSink) = AsyncStream.makeStream(of: ProctoringUpdate.self, bufferingPolicy: .bufferingNewest(64))
        let proctor = LiveProctor(session: session, store: store, policy: policy, logger: logger,
                                  identityEnrolment: enrolment) { updateSink.yield($0) }
        // Unbounded: the pool delivers at most the budgeted rate, and the rules must see every frame analysed.
        let (analysed, analysedSink) = AsyncStream.makeStream(of: AnalysedFrame.self)
        sessions[id] = Session(proctor: proctor, analysed: analysedSink, updates: updateSink)
        pool.open(session: id) { analysedSink.yield($0) }
        pool.submit(frame, arrival: arrival, session: id)
        logger.info("live proctoring started", metadata: ["session": "\(id)"])
        Task {
            for await frame in analysed { await proctor.judge(frame) }
        }
        let output = output
        Task {
            for await update in updates { await output.publish(update, session: id) }
        }
    }

    /// A voice window from one of the session's microphones (the relay's voice activity
    /// detector); ignored until the candidate's video started the session's proctor.
    public func hear(_ window: VoiceWindow, from source: VoiceSource, session id: String, arrival: Date = Date()) async {
        guard let proctor = sessions[id]?.proctor else { return }
        await proctor.hear(window, from: source, arrival: arrival)
    }

    /// The session ended: its frames are no longer taken, its open events close at `end`.
    public func sessionEnded(_ id: String, at end: Date) async {
        guard let session = stopTaking(id) else { return }
        await session.proctor.finish(at: end)
        session.updates.finish()
        logger.info("live proctoring stopped", metadata: ["session": "\(id)"])
    }

    /// The session is gone: its frames are no longer taken, nothing more is written.
    public func sessionDeleted(_ id: String) async {
        guard let session = stopTaking(id) else { return }
        await session.proctor.stop()
        session.updates.finish()
        logger.info("live proctoring stopped: session deleted", metadata: ["session": "\(id)"])
    }

    /// Frames/s a session's frames were analysed at over the last seconds, for status, metrics
    /// and benchmarks (nil when no detector runs for it).
    public func analysisRate(session id: String) async -> Double? {
        guard let proctor = sessions[id]?.proctor else { return nil }
        return await proctor.analysisFramesPerSecond
    }

    /// The pool once loaded; nil (and the session marked unavailable) when the detectors cannot
    /// start.
    private func startedPool(session id: String) async -> AnalysisPool? {
        if let pool { return pool }
        do {
            let started = try await poolStart.value
            pool = started
            return started
        } catch {
            unavailable.insert(id)
            logger.error("live proctoring is off for this session: the detectors cannot start", metadata: ["session": "\(id)", "reason": "\(error)"])
            return nil
        }
    }

    private func stopTaking(_ id: String) -> Session? {
        unavailable.insert(id)
        guard let session = sessions.removeValue(forKey: id) else { return nil }
        pool?.close(session: id)
        session.analysed.finish()
        return session
    }
}
