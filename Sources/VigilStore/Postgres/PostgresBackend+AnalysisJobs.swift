import Foundation
import PostgresNIO

/// The analysis queue on PostgreSQL (see `Store+AnalysisJobs.swift`). A claim is one statement:
/// the oldest queued row is locked `FOR UPDATE SKIP LOCKED` and marked running, so nodes
/// claiming at the same moment each get a different job (a row another claimer holds is skipped,
/// not waited for) and a job is never handed out twice.
extension PostgresBackend {
    func enqueueAnalysisJob(source: String, policyJSON: String, at now: Date) async throws(StoreError) -> AnalysisJob {
        let rows = try await write("""
            INSERT INTO analysis_job (source, policy, state, created_at) VALUES (\(source), \(policyJSON), 'queued', \(now.storedValue)) RETURNING *
            """)
        guard let row = rows.first else { throw .writeFailed("the new analysis job's row was not returned") }
        return try Self.analysisJob(row)
    }

    func claimAnalysisJob(node: String, at now: Date) async throws(StoreError) -> AnalysisJob? {
        let rows = try await write("""
            UPDATE analysis_job SET state = 'running', node_id = \(node), attempt = attempt + 1, progress = 0,
                started_at = \(now.storedValue), finished_at = NULL, error = NULL
            WHERE id = (SELECT id FROM analysis_job WHERE state = 'queued' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING *
            """)
        return try rows.first.map { row throws(StoreError) in try Self.analysisJob(row) }
    }

    func reportAnalysisProgress(job id: Int64, attempt: Int, progress: Double) async throws(StoreError) -> Bool {
        try await !write("""
            UPDATE analysis_job SET progress = \(progress) WHERE id = \(id) AND attempt = \(attempt) AND state = 'running' RETURNING id
            """).isEmpty
    }

    func finishAnalysisJob(job id: Int64, attempt: Int, _ outcome: AnalysisJobOutcome, at now: Date) async throws(StoreError) -> Bool {
        let rows: [PostgresRandomAccessRow]
        switch outcome {
        case .done(let session, let result):
            rows = try await write("""
                UPDATE analysis_job SET state = 'done', progress = 1, finished_at = \(now.storedValue), session_id = \(session), result = \(result)
                WHERE id = \(id) AND attempt = \(attempt) AND state = 'running' RETURNING id
                """)
        case .failed(let reason, let session):
            rows = try await write("""
                UPDATE analysis_job SET state = 'failed', finished_at = \(now.storedValue), error = \(reason), session_id = \(session)
                WHERE id = \(id) AND attempt = \(attempt) AND state = 'running' RETURNING id
                """)
        }
        return !rows.isEmpty
    }

    func analysisJob(id: Int64) async throws(StoreError) -> AnalysisJob? {
        try await read("SELECT * FROM analysis_job WHERE id = \(id)").first.map { row throws(StoreError) in try Self.analysisJob(row) }
    }

    func analysisJobs(limit: Int) async throws(StoreError) -> [AnalysisJob] {
        try await read("SELECT * FROM analysis_job ORDER BY id DESC LIMIT \(limit)").map { row throws(StoreError) in try Self.analysisJob(row) }
    }

    func requeueAnalysisJobs(node: String?) async throws(StoreError) -> [Int64] {
        try await write { connection in try await Self.requeueJobs(connection, node: node, logger: logger) }
    }

    /// Running jobs of `node` (nil: every node's) back to queued, in the caller's transaction.
    static func requeueJobs(_ connection: PostgresConnection, node: String?, logger: Logger) async throws -> [Int64] {
        let rows = if let node {
            try await connection.rows("""
                UPDATE analysis_job SET state = 'queued', progress = 0 WHERE state = 'running' AND node_id = \(node) RETURNING id
                """, logger: logger)
        } else {
            try await connection.rows("UPDATE analysis_job SET state = 'queued', progress = 0 WHERE state = 'running' RETURNING id", logger: logger)
        }
        return try rows.map { row throws(StoreError) in try row.value("id", Int64.self) }.sorted()
    }

    private static func analysisJob(_ row: PostgresRandomAccessRow) throws(StoreError) -> AnalysisJob {
        let state = try row.value("state", String.self)
        return AnalysisJob(id: try row.value("id"), source: try row.value("source"),
                           policy: Store.policy(fromJSON: try row.value("policy", String?.self)), state: AnalysisJob.State(rawValue: state) ?? .failed,
                           node: try row.value("node_id", String?.self), attempt: try row.value("attempt", Int.self),
                           progress: try row.value("progress", Double.self), createdAt: Date(stored: try row.value("created_at")),
                           startedAt: try row.date("started_at"), finishedAt: try row.date("finished_at"),
                           error: try row.value("error", String?.self), session: try row.value("session_id", String?.self),
                           resultJSON: try row.value("result", String?.self))
    }
}
