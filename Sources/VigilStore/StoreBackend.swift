import Foundation
import VigilCore

/// What a storage engine must do for `Store`: every query the rest of Vigil makes, with the same
/// guarantees on each engine (a write returns only once committed durably; the same `StoreError`s).
///
/// Why one protocol with a type per engine rather than one set of portable SQL run by two
/// executors: the two engines differ in more than spelling (GRDB's synchronous transaction
/// closures against PostgresNIO's async connections; `lastInsertedRowID` against `RETURNING`;
/// `MAX(a, b)` against `GREATEST`; BLOB against BYTEA), so a portable layer would be a third
/// dialect to learn. Each backend's queries read as plain SQL of its engine, side by side in
/// files of the same names (`SQLite/SQLiteBackend+Events.swift`, `Postgres/PostgresBackend+Events.swift`),
/// and the whole store test suite runs against both, which is what keeps them equal.
///
/// Adding a query: a requirement here, the method in each backend, a forwarding method on `Store`.
protocol StoreBackend: Sendable {
    /// Where the data lives, for logs and health checks (a file path, or a URL without password).
    var location: String { get }
    /// Non-nil while the engine refuses writes (the last write failed).
    var writeFailure: Store.WriteFailure? { get }
    func journalMode() async throws -> String
    func synchronousLevel() async throws -> Int
    /// The migration steps recorded as applied, by name, sorted.
    func appliedMigrations() async throws(StoreError) -> [String]
    /// A row count straight from SQL, bypassing the store's own queries (tests).
    func countRows(in table: String) async throws(StoreError) -> Int
    /// Rows of a query straight from SQL, every column read as text (tests; text columns only).
    func textRows(_ sql: String) async throws(StoreError) -> [[String?]]

    // Sessions and tokens
    func insertSession(_ info: SessionInfo, tokenHashes: [(role: String, hash: Data)]) async throws(StoreError)
    func session(id: String) async throws(StoreError) -> SessionInfo?
    func roleTokenHashes(session id: String) async throws(StoreError) -> [(role: String, hash: Data)]
    func isKnownToken(_ hash: Data) async throws(StoreError) -> Bool
    func endSession(id: String, at now: Date) async throws(StoreError) -> SessionInfo
    func sessionCount() async throws(StoreError) -> Int

    // Listing
    func listSessions(limit: Int, before cursor: SessionInfo?, stage: SessionStage?) async throws(StoreError) -> [ListedSession]
    func markJoined(_ id: String, at now: Date) async throws(StoreError)
    func joinedAt(_ id: String) async throws(StoreError) -> Date?

    // Events and reviews
    func insertEvent(_ new: NewEvent, session id: String, at now: Date) async throws(StoreError) -> ProctoringEvent
    func insertEvents(_ events: [NewEvent], session id: String, at now: Date) async throws(StoreError) -> [ProctoringEvent]
    func endEvent(_ eventID: Int64, session id: String, at end: Date, confidence: Double?) async throws(StoreError)
    func events(session id: String) async throws(StoreError) -> [ProctoringEvent]
    func eventCount(session id: String) async throws(StoreError) -> Int
    func review(_ eventID: Int64, session id: String, _ review: Review) async throws(StoreError)

    // Lifecycle
    func heartbeat(at now: Date) async throws(StoreError)
    func recoverInterruptedEvents(now: Date) async throws(StoreError) -> Recovery
    func deleteSession(id: String) async throws(StoreError) -> Bool
    func purgeSessions(before cutoff: Date) async throws(StoreError) -> [String]

    // Messages
    func insertMessage(session id: String, sender: String, text: String, at now: Date) async throws(StoreError) -> CandidateMessage
    func messages(session id: String) async throws(StoreError) -> [CandidateMessage]

    // Snapshots
    func saveSnapshot(_ jpeg: Data, event eventID: Int64, at now: Date) async throws(StoreError) -> Snapshot
    func snapshots(event eventID: Int64) async throws(StoreError) -> [Snapshot]
    func snapshot(_ snapshotID: Int64, session id: String) async throws(StoreError) -> Snapshot?
    func snapshots(session id: String) async throws(StoreError) -> [Int64: Snapshot]

    // Recordings
    func planRecording(session id: String, record: Bool) async throws(StoreError)
    func recording(session id: String) async throws(StoreError) -> RecordingRecord?
    func recordingFiles() async throws(StoreError) -> [String]
    func refuseRecording(session id: String, reason: String) async throws(StoreError)
    func recordingStarted(session id: String, file: String, node: String?, at startedAt: Date) async throws(StoreError)
    func closeRecording(session id: String, path: String, durationSeconds: Double?, state: RecordingRecord.State,
                        note: String?, at now: Date) async throws(StoreError)
    func markRecordingEmpty(session id: String) async throws(StoreError)
    func openRecordings() async throws(StoreError) -> [RecordingRecord]

    // Identity
    func saveIdentityEnrolment(_ descriptor: FaceDescriptor, session id: String, at now: Date) async throws(StoreError)
    func identityEnrolment(session id: String) async throws(StoreError) -> FaceDescriptor?

    // Policy (the session's `SessionPolicy` as JSON text; `Store` encodes and decodes it)
    func savePolicyJSON(_ json: String, session id: String) async throws(StoreError)
    func policyJSON(session id: String) async throws(StoreError) -> String?
    func policyJSONs(sessions ids: [String]) async throws(StoreError) -> [(id: String, json: String?)]

    // Nodes (Store+Nodes.swift)
    func saveNodeHeartbeat(_ node: NodeRecord) async throws(StoreError)
    func nodes() async throws(StoreError) -> [NodeRecord]
    func insertPlacedSession(_ info: SessionInfo, tokenHashes: [(role: String, hash: Data)], aliveSince: Date) async throws(StoreError) -> Placement
    func sessionPlacement(_ id: String, aliveSince: Date) async throws(StoreError) -> SessionPlacement?
    func takeOverSession(_ id: String, aliveSince: Date) async throws(StoreError) -> Placement
    func failOverNodes(silentSince: Date, now: Date) async throws(StoreError) -> [NodeFailover]
    func failOverNode(_ id: String, now: Date) async throws(StoreError) -> NodeFailover?

    // Recorded-video analysis jobs (Store+AnalysisJobs.swift)
    func enqueueAnalysisJob(source: String, policyJSON: String, at now: Date) async throws(StoreError) -> AnalysisJob
    func claimAnalysisJob(node: String, at now: Date) async throws(StoreError) -> AnalysisJob?
    func reportAnalysisProgress(job id: Int64, attempt: Int, progress: Double) async throws(StoreError) -> Bool
    func finishAnalysisJob(job id: Int64, attempt: Int, _ outcome: AnalysisJobOutcome, at now: Date) async throws(StoreError) -> Bool
    func analysisJob(id: Int64) async throws(StoreError) -> AnalysisJob?
    func analysisJobs(limit: Int) async throws(StoreError) -> [AnalysisJob]
    /// Running jobs of `node` (nil: of every node) back to queued.
    func requeueAnalysisJobs(node: String?) async throws(StoreError) -> [Int64]
}
