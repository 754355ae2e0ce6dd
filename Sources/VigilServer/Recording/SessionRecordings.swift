import Foundation
import Logging
import Metrics
import VigilCore
import VigilLifecycle
import VigilMedia
import VigilStore

/// The server's side of recording: decides whether a session's call is recorded (the session's
/// `record` choice, the disk cap), starts the relay's recorder, stores when the recording began
/// and, when it closes, its size and SHA-256; deletes the file with the session (delete or
/// retention purge), and at start-up closes recordings a killed server left open. On several
/// nodes it stores which node holds the file, and its sweep deletes this node's files whose
/// session the store no longer has (deleted through another node, or while this one was down).
///
/// A `SessionService` subscribed after the `RelayHub`: by the time it hears `sessionEnded` the
/// relay has closed the file.
actor SessionRecordings: SessionService {
    private let store: Store
    private let folder: RecordingFolder
    private let capBytes: Int64?
    private let logger: Logger
    /// This node's id on a shared PostgreSQL store (stored with each recording it writes); nil on SQLite.
    private let nodeID: String?
    private var relays: [String: RelaySession] = [:]

    init(store: Store, dataDirectory: String, capMB: Int?, nodeID: String? = nil, logger: Logger) {
        self.store = store
        self.nodeID = nodeID
        folder = RecordingFolder(dataDirectory: dataDirectory)
        capBytes = capMB.map { Int64($0) * 1024 * 1024 }
        self.logger = logger
    }

    /// A session's relay started (first join): record it if the session wants it and the disk
    /// cap allows.
    func relayStarted(_ relay: RelaySession) async {
        let id = relay.id
        guard let planned = try? await store.recording(session: id), planned.state == .pending else { return }
        if let capBytes, folder.bytesUsed() >= capBytes {
            let reason = "the recordings folder reached its cap of \(capBytes / 1024 / 1024) MiB; this call is not recorded (the interview goes on)"
            logger.warning("recording refused", metadata: ["session": "\(id)", "reason": "\(reason)"])
            try? await store.refuseRecording(session: id, reason: reason)
            await relay.setJoinNotice(.error(code: "recording_refused", message: reason, fatal: false), roles: [.interviewer, .proctor])
            return
        }
        do {
            try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        } catch {
            logger.error("recording folder unusable", metadata: ["folder": "\(folder.url.path)", "error": "\(error)"])
            return
        }
        let name = folder.fileName(session: id), store = store, logger = logger, nodeID = nodeID
        let target = RecordingTarget(file: folder.file(named: name)) { startedAt in
            Task {
                do {
                    try await store.recordingStarted(session: id, file: name, node: nodeID, at: startedAt)
                    logger.info("recording started", metadata: ["session": "\(id)", "file": "\(name)"])
                } catch {
                    logger.error("recording start not stored", metadata: ["session": "\(id)", "error": "\(error)"])
                }
            }
        }
        do {
            try await relay.startRecording(target)
            relays[id] = relay
        } catch {
            logger.error("recording did not start", metadata: ["session": "\(id)", "error": "\(error.description)"])
        }
    }

    func sessionEnded(_ id: String, at end: Date) async {
        let relay = relays.removeValue(forKey: id)
        guard let result = await relay?.recordingResult else {
            try? await store.markRecordingEmpty(session: id)
            return
        }
        do {
            try await store.closeRecording(session: id, path: result.file.path, durationSeconds: result.durationSeconds,
                                           state: .complete, note: result.problem)
            let closed = try await store.recording(session: id)
            logger.info("recording closed", metadata: ["session": "\(id)", "seconds": "\(result.durationSeconds)",
                                                        "bytes": "\(closed?.bytes ?? 0)", "sha256": "\(closed?.sha256 ?? "")"])
            Counter(label: "vigil_recording_bytes_total").increment(by: Int(closed?.bytes ?? 0))
        } catch {
            logger.error("recording close not stored", metadata: ["session": "\(id)", "error": "\(error)"])
        }
    }

    func sessionDeleted(_ id: String) async {
        relays[id] = nil
        let file = folder.file(session: id)
        guard FileManager.default.fileExists(atPath: file.path) else { return }
        do {
            try FileManager.default.removeItem(at: file)
            logger.info("recording deleted", metadata: ["session": "\(id)"])
        } catch {
            logger.error("recording not deleted", metadata: ["session": "\(id)", "file": "\(file.path)", "error": "\(error)"])
        }
    }

    /// This node's recordings whose session the store no longer has are deleted: a session
    /// deleted (or purged by retention) through another node, or while this node was down, is
    /// deleted here on the next sweep (at start-up, then every few seconds). Only a definite
    /// answer deletes: a store that cannot be read leaves every file. Returns the sessions whose
    /// files were deleted.
    @discardableResult
    func sweepOrphans() async -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.url.path)) ?? []
        var deleted: [String] = []
        for name in names where name.hasSuffix(".webm") && !name.hasPrefix(RecordingFolder.clipPrefix) {
            let id = String(name.dropLast(".webm".count))
            do {
                guard try await store.session(id: id) == nil else { continue }
            } catch {
                logger.warning("recording sweep skipped: the store cannot be read", metadata: ["reason": "\(error)"])
                return deleted
            }
            do {
                try FileManager.default.removeItem(at: folder.file(named: name))
                deleted.append(id)
                logger.info("recording deleted: its session is gone from the store", metadata: ["session": "\(id)", "file": "\(name)"])
            } catch {
                logger.error("recording not deleted", metadata: ["session": "\(id)", "file": "\(name)", "error": "\(error)"])
            }
        }
        return deleted
    }

    /// Start-up: recordings the previous server was writing when it died. The file plays up to
    /// its last written block; it is closed as `interrupted`, its length taken from the file's
    /// last write (each block is written through at once).
    /// `isMine`: on a shared PostgreSQL store, whether the session's recording is this node's
    /// file (another node's open recordings are its own to close).
    func recoverInterrupted(isMine: @Sendable (String) async -> Bool = { _ in true }) async {
        guard let open = try? await store.openRecordings() else { return }
        for record in open where await isMine(record.sessionID) {
            guard let name = record.file else { continue }
            let file = folder.file(named: name)
            let modified = (try? FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date) ?? nil
            let duration = zip(modified, record.startedAt).map { max(0, $0.timeIntervalSince($1)) }
            try? await store.closeRecording(session: record.sessionID, path: file.path, durationSeconds: duration, state: .interrupted,
                                            note: "the server stopped while recording; the file ends at its last written block")
            logger.warning("recording closed as interrupted", metadata: ["session": "\(record.sessionID)", "seconds": "\(duration ?? 0)"])
        }
    }
}

private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
