import Foundation
import VigilCore

/// A recorded video waiting for, under or done with analysis (issue 15): `POST /api/analyses`
/// queues one, any node with a free analysis slot claims it, reports its progress, and stores
/// the session it made (the events, as `vigil analyze` would) and a summary. Kept in the store,
/// so on PostgreSQL every node sees every job and a dead node's job is run again elsewhere.
public struct AnalysisJob: Sendable, Equatable {
    public enum State: String, Sendable, Codable, CaseIterable {
        case queued, running, done, failed
    }

    public var id: Int64
    /// The video file, as the node running the job reads it (an absolute path).
    public var source: String
    /// The policy the session is judged by (the shape `POST /api/sessions` takes; standard by default).
    public var policy: SessionPolicy
    public var state: State
    /// The node running it (or that ran it last); nil while it was never claimed.
    public var node: String?
    /// How many times it was claimed: a claim, progress or finish of an earlier attempt (a node
    /// declared dead that goes on) no longer counts once the job was claimed again.
    public var attempt: Int
    /// 0…1 of the file's duration analysed so far.
    public var progress: Double
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    /// Why it failed, worded for the operator.
    public var error: String?
    /// The stored session holding its events and report.
    public var session: String?
    /// The run's summary as JSON (frames, analysed frames, seconds), once done.
    public var resultJSON: String?

    public init(id: Int64, source: String, policy: SessionPolicy = .standard, state: State, node: String? = nil, attempt: Int = 0, progress: Double = 0,
                createdAt: Date, startedAt: Date? = nil, finishedAt: Date? = nil, error: String? = nil, session: String? = nil,
                resultJSON: String? = nil) {
        self.id = id
        self.source = source
        self.policy = policy
        self.state = state
        self.node = node
        self.attempt = attempt
        self.progress = progress
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.error = error
        self.session = session
        self.resultJSON = resultJSON
    }
}

/// How a claimed job ended, as its runner stores it.
public enum AnalysisJobOutcome: Sendable, Equatable {
    case done(session: String, resultJSON: String)
    /// `session`: the session it had stored before failing, if any.
    case failed(reason: String, session: String?)
}
