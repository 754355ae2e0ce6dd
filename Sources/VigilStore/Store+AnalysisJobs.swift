import Foundation
import VigilCore

/// The recorded-video analysis queue (`AnalysisJob`). A claim is one atomic step on each engine
/// (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so concurrent claimers on many nodes never take the
/// same job and never wait on each other; SQLite: inside its single write transaction). Progress
/// and the outcome are written only by the attempt that holds the job: once a job was re-queued
/// (its node declared dead) and claimed again, the old attempt's writes change nothing and tell
/// its runner to stop.
extension Store {
    /// Queues `source` for analysis, to be judged by `policy`.
    public func enqueueAnalysisJob(source: String, policy: SessionPolicy = .standard, at now: Date = Date()) async throws(StoreError) -> AnalysisJob {
        try await backend.enqueueAnalysisJob(source: source, policyJSON: Self.policyJSON(policy), at: now)
    }

    /// The oldest queued job, now running on `node` (its attempt counted up); nil when none is queued.
    public func claimAnalysisJob(node: String, at now: Date = Date()) async throws(StoreError) -> AnalysisJob? {
        try await backend.claimAnalysisJob(node: node, at: now)
    }

    /// Records the progress (clamped to 0…1) of the attempt; false when that attempt no longer
    /// holds the job (re-queued or claimed again), so the runner should stop.
    public func reportAnalysisProgress(job id: Int64, attempt: Int, progress: Double) async throws(StoreError) -> Bool {
        try await backend.reportAnalysisProgress(job: id, attempt: attempt, progress: min(1, max(0, progress)))
    }

    /// Ends the attempt's job as done (progress 1) or failed; false when that attempt no longer holds it.
    public func finishAnalysisJob(job id: Int64, attempt: Int, _ outcome: AnalysisJobOutcome, at now: Date = Date()) async throws(StoreError) -> Bool {
        try await backend.finishAnalysisJob(job: id, attempt: attempt, outcome, at: now)
    }

    public func analysisJob(id: Int64) async throws(StoreError) -> AnalysisJob? {
        try await backend.analysisJob(id: id)
    }

    /// The newest jobs first, at most `limit`.
    public func analysisJobs(limit: Int = 100) async throws(StoreError) -> [AnalysisJob] {
        try await backend.analysisJobs(limit: limit)
    }

    /// Puts every running job back in the queue (progress 0): a single server on SQLite starting
    /// up, whose previous run left them. On PostgreSQL a node's running jobs are re-queued with
    /// its fail-over (`failOverNodes`, `failOverNode`) instead. Returns the re-queued ids.
    public func requeueRunningAnalysisJobs() async throws(StoreError) -> [Int64] {
        try await backend.requeueAnalysisJobs(node: nil)
    }
}
