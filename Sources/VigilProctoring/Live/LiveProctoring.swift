import Foundation
import Logging
import VigilCore
import VigilLifecycle
import VigilStore
import VigilVision

/// The live detectors of every session whose candidate is in the call: one `LiveProctor` per
/// session, created on its first frame. Frames are handed over without waiting (a slot holding
/// only the newest frame, so the relay never waits for OpenCV); each proctor's updates go to
/// `output` in order. Subscribed to the `SessionLifecycle`: a session that ends has its open
/// events closed at the end time and its analysis thread stopped; a deleted one has its thread
/// stopped with nothing written.
public actor LiveProctoring: SessionService {
    private struct TimedFrame: Sendable {
        let frame: VideoFrame
        let arrival: Date
    }

    private struct Worker {
        let proctor: LiveProctor
        let frames: AsyncStream<TimedFrame>.Continuation
        let updates: AsyncStream<ProctoringUpdate>.Continuation
    }

    private let store: Store
    private let analyzer: AnalyzerConfiguration
    private let output: any ProctoringOutput
    private let logger: Logger
    private var workers: [String: Worker] = [:]
    /// Sessions that get no analysis: over, gone, or their detectors could not start.
    private var unavailable: Set<String> = []

    public init(store: Store, analyzer: AnalyzerConfiguration, output: any ProctoringOutput, logger: Logger) {
        self.store = store
        self.analyzer = analyzer
        self.output = output
        self.logger = logger
    }

    /// A frame of the candidate's video; returns without waiting for the analysis.
    public func deliver(_ frame: VideoFrame, session id: String, arrival: Date = Date()) async {
        if let worker = workers[id] {
            worker.frames.yield(TimedFrame(frame: frame, arrival: arrival))
            return
        }
        guard !unavailable.contains(id) else { return }
        guard let session = try? await store.session(id: id), session.endedAt == nil else {
            unavailable.insert(id)
            return
        }
        if let worker = workers[id] {  // created while we awaited the store
            worker.frames.yield(TimedFrame(frame: frame, arrival: arrival))
            return
        }
        guard !unavailable.contains(id) else { return }  // ended or deleted while we awaited the store
        let (updates, updateSink) = AsyncStream.makeStream(of: ProctoringUpdate.self, bufferingPolicy: .bufferingNewest(64))
        let proctor: LiveProctor
        do {
            proctor = try LiveProctor(session: session, store: store, analyzer: analyzer, logger: logger) { updateSink.yield($0) }
        } catch {
            unavailable.insert(id)
            logger.error("live proctoring is off for this session: the detectors cannot start", metadata: ["session": "\(id)", "reason": "\(error)"])
            return
        }
        let (frames, frameSink) = AsyncStream.makeStream(of: TimedFrame.self, bufferingPolicy: .bufferingNewest(1))
        workers[id] = Worker(proctor: proctor, frames: frameSink, updates: updateSink)
        frameSink.yield(TimedFrame(frame: frame, arrival: arrival))
        logger.info("live proctoring started", metadata: ["session": "\(id)"])
        Task {
            for await timed in frames { await proctor.analyze(timed.frame, arrival: timed.arrival) }
        }
        let output = output
        Task {
            for await update in updates { await output.publish(update, session: id) }
        }
    }

    /// The session ended: its open events close at `end`, then the analysis thread stops.
    public func sessionEnded(_ id: String, at end: Date) async {
        guard let worker = stopTaking(id) else { return }
        await worker.proctor.finish(at: end)
        worker.updates.finish()
        logger.info("live proctoring stopped", metadata: ["session": "\(id)"])
    }

    /// The session is gone: the analysis thread stops, nothing more is written.
    public func sessionDeleted(_ id: String) async {
        guard let worker = stopTaking(id) else { return }
        await worker.proctor.stop()
        worker.updates.finish()
        logger.info("live proctoring stopped: session deleted", metadata: ["session": "\(id)"])
    }

    /// Analysis rate of a session's proctor, for status and benchmarks.
    public func analysisRate(session id: String) async -> Double? {
        guard let proctor = workers[id]?.proctor else { return nil }
        return await proctor.analysisFramesPerSecond
    }

    private func stopTaking(_ id: String) -> Worker? {
        unavailable.insert(id)
        guard let worker = workers.removeValue(forKey: id) else { return nil }
        worker.frames.finish()
        return worker
    }
}
