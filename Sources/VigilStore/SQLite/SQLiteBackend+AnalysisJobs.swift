import Foundation
import GRDB

/// The analysis queue on SQLite (see `Store+AnalysisJobs.swift`). SQLite has one writer, so a
/// claim inside a write transaction is already exclusive: the oldest queued row is read and
/// marked running before any other writer can look.
extension SQLiteBackend {
    func enqueueAnalysisJob(source: String, policyJSON: String, at now: Date) async throws(StoreError) -> AnalysisJob {
        try await write { db in
            try db.execute(sql: "INSERT INTO analysis_job (source, policy, state, created_at) VALUES (?, ?, 'queued', ?)",
                           arguments: [source, policyJSON, now.storedValue])
            return AnalysisJob(id: db.lastInsertedRowID, source: source, policy: Store.policy(fromJSON: policyJSON), state: .queued, createdAt: now)
        }
    }

    func claimAnalysisJob(node: String, at now: Date) async throws(StoreError) -> AnalysisJob? {
        try await write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM analysis_job WHERE state = 'queued' ORDER BY id LIMIT 1") else {
                return nil
            }
            try db.execute(sql: """
                UPDATE analysis_job SET state = 'running', node_id = ?, attempt = attempt + 1, progress = 0, started_at = ?,
                    finished_at = NULL, error = NULL
                WHERE id = ?
                """, arguments: [node, now.storedValue, id])
            return try Row.fetchOne(db, sql: "SELECT * FROM analysis_job WHERE id = ?", arguments: [id]).map(Self.analysisJob)
        }
    }

    func reportAnalysisProgress(job id: Int64, attempt: Int, progress: Double) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(sql: "UPDATE analysis_job SET progress = ? WHERE id = ? AND attempt = ? AND state = 'running'",
                           arguments: [progress, id, attempt])
            return db.changesCount == 1
        }
    }

    func finishAnalysisJob(job id: Int64, attempt: Int, _ outcome: AnalysisJobOutcome, at now: Date) async throws(StoreError) -> Bool {
        try await write { db in
            switch outcome {
            case .done(let session, let result):
                try db.execute(sql: """
                    UPDATE analysis_job SET state = 'done', progress = 1, finished_at = ?, session_id = ?, result = ?
                    WHERE id = ? AND attempt = ? AND state = 'running'
                    """, arguments: [now.storedValue, session, result, id, attempt])
            case .failed(let reason, let session):
                try db.execute(sql: """
                    UPDATE analysis_job SET state = 'failed', finished_at = ?, error = ?, session_id = ?
                    WHERE id = ? AND attempt = ? AND state = 'running'
                    """, arguments: [now.storedValue, reason, session, id, attempt])
            }
            return db.changesCount == 1
        }
    }

    func analysisJob(id: Int64) async throws(StoreError) -> AnalysisJob? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM analysis_job WHERE id = ?", arguments: [id]).map(Self.analysisJob) }
    }

    func analysisJobs(limit: Int) async throws(StoreError) -> [AnalysisJob] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM analysis_job ORDER BY id DESC LIMIT ?", arguments: [limit]).map(Self.analysisJob)
        }
    }

    func requeueAnalysisJobs(node: String?) async throws(StoreError) -> [Int64] {
        try await write { db in try Self.requeueJobs(db, node: node) }
    }

    /// Running jobs of `node` (nil: every node's) back to queued, in the caller's transaction.
    static func requeueJobs(_ db: Database, node: String?) throws -> [Int64] {
        let filter = node == nil ? "" : " AND node_id = ?"
        let arguments: StatementArguments = node.map { [$0] } ?? []
        let ids = try Int64.fetchAll(db, sql: "SELECT id FROM analysis_job WHERE state = 'running'\(filter) ORDER BY id", arguments: arguments)
        try db.execute(sql: "UPDATE analysis_job SET state = 'queued', progress = 0 WHERE state = 'running'\(filter)", arguments: arguments)
        return ids
    }

    private static func analysisJob(_ row: Row) -> AnalysisJob {
        AnalysisJob(id: row["id"], source: row["source"], policy: Store.policy(fromJSON: row["policy"]), state: AnalysisJob.State(rawValue: row["state"]) ?? .failed, node: row["node_id"],
                    attempt: row["attempt"], progress: row["progress"], createdAt: Date(stored: row["created_at"]),
                    startedAt: (row["started_at"] as Double?).map(Date.init(stored:)),
                    finishedAt: (row["finished_at"] as Double?).map(Date.init(stored:)),
                    error: row["error"], session: row["session_id"], resultJSON: row["result"])
    }
}
