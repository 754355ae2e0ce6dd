import Foundation
import VigilCore
import VigilLifecycle
import VigilMedia
import VigilStore
import VigilVision

/// The offline proctoring loop: decode the file, analyse its frames at the budgeted rate (10 a
/// second by default, objects on 3, as a live call), let the rules judge them in file order on
/// the frames' own timestamps, store what they raise. Decoding, analysis and storing overlap:
/// one thread decodes, one thread per analyzer analyses (`FileAnalysisWorkers`), and this task
/// re-orders the results, drives the rules and awaits the recorder. The same `RuleEngine` the
/// live relay drives, so a recording and a call are judged alike; time comes from the file,
/// never from the clock, so the result does not depend on how fast the machine is. Events are
/// stored by the same `DetectedEventRecorder` as a live call's; the session ends through the
/// `SessionLifecycle`.
public struct RecordedFileAnalysis {
    /// What one run did, for the summary line and `make bench`.
    public struct Summary: Sendable {
        /// Frames decoded.
        public var frames = 0
        /// Frames the detectors ran on (the budgeted rate picks them).
        public var analysedFrames = 0
        /// Frames OpenCV failed on (skipped, not read as "no face").
        public var skippedFrames = 0
        public var firstSkipReason: VisionError?
        /// Seconds of media covered.
        public var mediaSeconds = 0.0
        public var wallSeconds = 0.0
        public var framesPerSecond: Double { wallSeconds > 0 ? Double(frames) / wallSeconds : 0 }
        public var analysedFramesPerSecond: Double { wallSeconds > 0 ? Double(analysedFrames) / wallSeconds : 0 }
        public var speedTimesRealTime: Double { wallSeconds > 0 ? mediaSeconds / wallSeconds : 0 }
    }

    /// The detectors failed on every frame.
    public struct AnalysisFailed: Error, CustomStringConvertible {
        public var reason: VisionError
        public var description: String { "the detectors failed on every frame, so nothing was analysed: \(reason)" }
    }

    /// The failure of a run after its session was stored, with how far it got.
    public struct Interrupted: Error, CustomStringConvertible {
        public var cause: any Error
        public var sessionID: String
        public var reachedSeconds: Double
        /// Set when the session could not even be ended (the database failed too).
        public var closingFailure: (any Error)?
        public var description: String {
            let reached = String(format: "%.1f", reachedSeconds)
            guard let closingFailure else {
                return "\(cause)\n(session \(sessionID) is stored and ended with the events found in the first \(reached) s)"
            }
            return "\(cause)\n(session \(sessionID) holds the events found in the first \(reached) s but could not be ended: \(closingFailure))"
        }
    }

    let reader: VideoFileReader
    let analyzers: [FrameAnalyzer]
    let budget: AnalysisBudget
    var rules: RuleEngine
    /// Whether the identity enrolment the rules made is in the store yet.
    var enrolmentStored = false
    let recorder: DetectedEventRecorder
    let lifecycle: SessionLifecycle
    var progress: (any AnalysisProgress)?
    /// The file's audio, measured beforehand; each frame is judged with what was heard around it.
    var listener: RecordedAudio.Listener?

    /// Analyses `reader`'s frames into `session` (already opened through `lifecycle`) with one
    /// thread per analyzer, at `budget`'s rates; each started event's details name `fileName` and
    /// the positions in it (where the condition began, where the rule fired). `audio`: the file's
    /// measured audio track (`RecordedAudio.measure`); nil judges the video alone.
    public init(reader: VideoFileReader, analyzers: [FrameAnalyzer], budget: AnalysisBudget = .standard, rules: RuleEngine,
                session: SessionInfo, fileName: String, lifecycle: SessionLifecycle, store: Store, progress: (any AnalysisProgress)?,
                audio: RecordedAudio? = nil) {
        precondition(!analyzers.isEmpty, "a file analysis needs at least one analyzer")
        self.reader = reader
        self.analyzers = analyzers
        self.budget = budget
        self.rules = rules
        self.lifecycle = lifecycle
        self.progress = progress
        listener = audio.map(RecordedAudio.Listener.init)
        recorder = DetectedEventRecorder(store: store, session: session) { event in
            String(format: "%@ from %.1f s (flagged at %.1f s)", fileName, event.start, event.flaggedAt)
        }
    }

    /// Runs to the end of the file, closes the events still open there and ends the session.
    public mutating func run() async throws -> Summary {
        var summary = Summary()
        let started = ContinuousClock.now
        var reached = 0.0
        let workers = FileAnalysisWorkers(reader: reader, analyzers: analyzers, budget: budget)
        defer { workers.cancel() }
        do {
            var waiting: [Int: (FileAnalysisWorkers.Job, Result<Observation, VisionError>)] = [:]
            var next = 0
            var ending: (picked: Int, decoded: Int, reached: Double, failure: FileDecodeError?)?
            messages: for await message in workers.results {
                switch message {
                case .analysed(let job, let result): waiting[job.number] = (job, result)
                case .decodingEnded(let picked, let decoded, let at, let failure): ending = (picked, decoded, at, failure)
                }
                while let ready = waiting.removeValue(forKey: next) {
                    let (job, result) = ready
                    next += 1
                    try await judge(job, result, into: &summary)
                    reached = job.frame.time
                    workers.judged()
                }
                if let ending, next == ending.picked {
                    summary.frames = ending.decoded
                    reached = max(reached, ending.reached)
                    if let failure = ending.failure { throw failure }
                    break messages
                }
            }
        } catch {
            progress?.finish(position: reached, frames: summary.frames)
            do {
                try await close(at: reached)
            } catch let closing {
                throw Interrupted(cause: error, sessionID: recorder.session.id, reachedSeconds: reached, closingFailure: closing)
            }
            throw Interrupted(cause: error, sessionID: recorder.session.id, reachedSeconds: reached)
        }
        if summary.analysedFrames > 0, summary.skippedFrames == summary.analysedFrames, let reason = summary.firstSkipReason {
            // Nothing was analysed: an empty report would read as a clean interview.
            try await close(at: reached)
            throw Interrupted(cause: AnalysisFailed(reason: reason), sessionID: recorder.session.id, reachedSeconds: reached)
        }
        let interval = reader.framesPerSecond.map { 1 / $0 } ?? 0
        let end = max(reached + interval, reader.duration ?? 0)
        progress?.finish(position: end, frames: summary.frames)
        try await close(at: end)
        summary.mediaSeconds = end
        let elapsed = (ContinuousClock.now - started).components
        summary.wallSeconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        return summary
    }

    /// The rules' verdict on one analysed frame, in file order; started events are stored with
    /// a snapshot of the frame.
    private mutating func judge(_ job: FileAnalysisWorkers.Job, _ result: Result<Observation, VisionError>,
                                into summary: inout Summary) async throws {
        summary.analysedFrames += 1
        summary.frames = job.decoded
        defer { progress?.update(position: job.frame.time, frames: job.decoded) }
        var observation: Observation
        switch result {
        case .success(let seen):
            observation = seen
            observation.audio = listener?.observation(at: seen.time, thresholds: rules.thresholds)
        case .failure(let error):
            summary.skippedFrames += 1
            summary.firstSkipReason = summary.firstSkipReason ?? error
            return
        }
        for transition in rules.process(observation) {
            let snapshot: [UInt8]? = if case .started = transition {
                FrameAnalyzer.jpeg(job.frame, drawing: observation, quality: 85)
            } else {
                nil
            }
            _ = try await recorder.record(transition, snapshot: snapshot)
        }
        if !enrolmentStored, let enrolment = rules.identityEnrolment {
            try await recorder.store.saveIdentityEnrolment(enrolment, session: recorder.session.id)
            enrolmentStored = true
        }
    }

    /// Ends the rules' open events and the session at `seconds` into the file.
    private mutating func close(at seconds: Double) async throws {
        for transition in rules.finish(at: seconds) {
            _ = try await recorder.record(transition, snapshot: nil)
        }
        _ = try await lifecycle.end(recorder.session.id, at: recorder.date(at: seconds))
    }
}
