import Foundation
import Logging
import Metrics
import Synchronization
import VigilCore
import VigilLifecycle
import VigilProctoring
import VigilStore
import VigilVision

/// Runs this node's share of the recorded-video analysis queue (`POST /api/analyses`): while it
/// has a free slot (`--analysis-jobs`, 1 by default; 0 takes none) it claims the oldest queued
/// job from the store, analyses the file into a new session exactly as `vigil analyze` does
/// (`RecordedFileSession`), writes the progress about once a second and stores the outcome. The
/// queue lives in the store, so on PostgreSQL any node with a free slot picks a job up, and a
/// dead node's job is queued again by its fail-over and run by another node.
///
/// Each job gets its own analyzers (`workersPerJob`, one by default: a thread at nice 10, so a
/// job takes at most one core from the live calls' relay); they are loaded for the job and
/// dropped after it, so a node with no jobs holds no extra models.
actor AnalysisJobRunner {
    let store: Store
    let node: String
    let slots: Int
    let analyzer: AnalyzerConfiguration
    let budget: AnalysisBudget
    let logger: Logger
    /// How often the queue is looked at when no job was posted to this node.
    var pollInterval: Duration = .seconds(1)
    private var running = 0
    private var poked = false

    init(store: Store, node: String, slots: Int, analyzer: AnalyzerConfiguration, budget: AnalysisBudget, logger: Logger) {
        self.store = store
        self.node = node
        self.slots = slots
        self.analyzer = analyzer
        self.budget = budget
        self.logger = logger
    }

    /// Claims jobs while there are free slots, until the task is cancelled.
    func run() async {
        guard slots > 0 else { return }
        var storageFailing = false
        while !Task.isCancelled {
            poked = false
            do {
                while running < slots, let job = try await store.claimAnalysisJob(node: node) {
                    running += 1
                    logger.info("analysis job started", metadata: ["job": "\(job.id)", "file": "\(job.source)", "attempt": "\(job.attempt)"])
                    Task { [self] in
                        await Self.execute(job, store: store, analyzer: analyzer, budget: budget, node: node, logger: logger)
                        slotFreed()
                    }
                }
                storageFailing = false
            } catch {
                if !storageFailing { logger.error("cannot claim analysis jobs", metadata: ["reason": "\(error)"]) }
                storageFailing = true
            }
            let deadline = ContinuousClock.now + pollInterval
            while !poked, !Task.isCancelled, ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    /// A job was queued through this node: look at the queue now rather than at the next poll.
    func poke() { poked = true }

    private func slotFreed() {
        running -= 1
        poked = true
    }

    /// Runs one claimed job to its stored outcome; never throws (a failure is the job's outcome).
    private static func execute(_ job: AnalysisJob, store: Store, analyzer: AnalyzerConfiguration, budget: AnalysisBudget, node: String,
                                logger: Logger) async {
        let progress = JobProgress()
        let reporter = Task {
            var last = -1.0
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                let now = progress.fraction
                guard now != last else { continue }
                last = now
                if (try? await store.reportAnalysisProgress(job: job.id, attempt: job.attempt, progress: now)) == false {
                    logger.notice("analysis job was taken from this node (it was declared dead and the job queued again)",
                                  metadata: ["job": "\(job.id)"])
                    return
                }
            }
        }
        defer { reporter.cancel() }
        let session = Mutex<String?>(nil)
        let outcome: AnalysisJobOutcome
        do {
            // The file first: one that cannot be decoded fails before any model is loaded.
            let file: RecordedFileSession
            do { file = try await RecordedFileSession.open(path: job.source) } catch { throw Unreadable(path: job.source, node: node, reason: error) }
            let analyzers = try await AnalyzerLoading.load(analyzer, count: budget.workers)
            progress.total = file.reader.duration
            let (stored, summary) = try await file.analyse(
                analyzers: analyzers, budget: budget, policy: job.policy, candidateName: "recorded file", interviewerName: "recorded file",
                store: store, lifecycle: SessionLifecycle(store: store, logger: logger), progress: progress,
                opened: { opened in session.withLock { $0 = opened.id } })
            let result = AnalysisResult(summary, audio: file.audio.description)
            outcome = .done(session: stored.id, resultJSON: String(decoding: try JSONEncoder.snakeCase.encode(result), as: UTF8.self))
            logger.info("analysis job done", metadata: ["job": "\(job.id)", "session": "\(stored.id)", "frames": "\(summary.frames)",
                                                        "seconds": "\(String(format: "%.1f", summary.wallSeconds))"])
        } catch {
            let reason = (error as? RecordedFileAnalysis.Interrupted).map { "\($0.cause)" } ?? "\(error)"
            outcome = .failed(reason: reason, session: session.withLock { $0 })
            Counter(label: "vigil_analysis_jobs_failed_total").increment()
            logger.warning("analysis job failed", metadata: ["job": "\(job.id)", "file": "\(job.source)", "reason": "\(reason)"])
        }
        reporter.cancel()
        do {
            if try await !store.finishAnalysisJob(job: job.id, attempt: job.attempt, outcome) {
                logger.notice("analysis job finished here after it was queued again; another node's run counts", metadata: ["job": "\(job.id)"])
            }
        } catch {
            logger.error("cannot store an analysis job's outcome; it stays running until this node's restart queues it again",
                         metadata: ["job": "\(job.id)", "reason": "\(error)"])
        }
    }

    /// The file cannot be opened where the job runs.
    struct Unreadable: Error, CustomStringConvertible {
        var path: String
        var node: String
        var reason: any Error
        var description: String {
            "node \(node) cannot read \(path): \(reason). On several nodes the file must be at the same path on each " +
                "(a shared folder), since any node may run the job"
        }
    }
}

/// A job's progress as the analysis reports it (seconds into the file over its duration), read
/// by the job's progress writer once a second. Never 1 until the outcome is stored.
final class JobProgress: AnalysisProgress, Sendable {
    private let state = Mutex<(total: Double?, fraction: Double)>((nil, 0))

    var total: Double? {
        get { state.withLock { $0.total } }
        set { state.withLock { $0.total = newValue.flatMap { $0 > 0 ? $0 : nil } } }
    }

    var fraction: Double { state.withLock { $0.fraction } }

    func update(position: Double, frames: Int) {
        state.withLock { current in
            guard let total = current.total else { return }
            current.fraction = max(current.fraction, min(0.99, position / total))
        }
    }

    func finish(position: Double, frames: Int) { update(position: position, frames: frames) }
}

/// What a done job's run measured, stored as its result and shown by `GET /api/analyses/:id`.
struct AnalysisResult: Codable, Sendable {
    var frames: Int
    var analysedFrames: Int
    var skippedFrames: Int
    var mediaSeconds: Double
    var wallSeconds: Double
    var speedTimesRealTime: Double
    var audio: String

    init(_ summary: RecordedFileAnalysis.Summary, audio: String) {
        frames = summary.frames
        analysedFrames = summary.analysedFrames
        skippedFrames = summary.skippedFrames
        mediaSeconds = summary.mediaSeconds
        wallSeconds = summary.wallSeconds
        speedTimesRealTime = summary.speedTimesRealTime
        self.audio = audio
    }
}

extension JSONEncoder {
    static var snakeCase: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
