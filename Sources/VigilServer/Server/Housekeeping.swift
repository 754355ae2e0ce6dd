import Foundation
import Logging
import VigilLifecycle
import VigilStore

/// The server's background duties: a heartbeat every 2 s (so a crash is dated, and events it
/// left open end at the right time on restart; on PostgreSQL the node's, with the fail-over of
/// nodes gone silent) and, when a retention period is set, a purge of
/// sessions older than it every `purgeInterval` seconds (hourly unless configured). The purge
/// goes through the `SessionLifecycle`, so a purged session that is still live loses its call
/// and its analysis like a deleted one. On PostgreSQL, every `fileSweepInterval` seconds, the
/// sweep of this node's recordings whose session is gone from the store (deleted through
/// another node, or by another node's purge).
struct Housekeeping: Sendable {
    let store: Store
    let lifecycle: SessionLifecycle
    let retentionDays: Int
    let logger: Logger
    var heartbeatInterval: Duration = .seconds(2)
    var purgeInterval: TimeInterval = 3600
    /// On PostgreSQL: the node's heartbeat and the fail-over of dead nodes replace the single
    /// server's heartbeat.
    var node: NodeMembership? = nil
    /// Deletes this node's files whose session the store no longer has (`SessionRecordings.sweepOrphans`).
    var sweepFiles: @Sendable () async -> Void = {}
    var fileSweepInterval: TimeInterval = 3

    func run() async {
        var lastPurge = Date.distantPast
        var lastSweep = Date()
        var storageFailing = false
        while !Task.isCancelled {
            do {
                if let node { try await node.beat() } else { try await store.heartbeat() }
                if storageFailing {
                    logger.notice("the database accepts writes again", metadata: ["db": "\(store.path)"])
                    storageFailing = false
                }
            } catch {
                if !storageFailing {
                    logger.error("the database refuses writes: events cannot be stored until this is fixed", metadata: ["db": "\(store.path)", "reason": "\(error)"])
                    storageFailing = true
                }
            }
            if retentionDays > 0, Date().timeIntervalSince(lastPurge) >= purgeInterval {
                lastPurge = Date()
                await purge()
            }
            if node != nil, Date().timeIntervalSince(lastSweep) >= fileSweepInterval {
                lastSweep = Date()
                await sweepFiles()
            }
            // A purge interval shorter than the heartbeat's is honoured (tests use 1 s).
            try? await Task.sleep(for: retentionDays > 0 ? min(heartbeatInterval, .milliseconds(Int(purgeInterval * 1000))) : heartbeatInterval)
        }
    }

    func purge() async {
        let cutoff = Date().addingTimeInterval(-Double(retentionDays) * 86_400)
        do {
            let deleted = try await lifecycle.purge(before: cutoff)
            if !deleted.isEmpty {
                logger.info("retention: deleted sessions older than the retention period",
                            metadata: ["sessions": "\(deleted.count)", "retention_days": "\(retentionDays)"])
            }
        } catch {
            logger.error("retention purge failed", metadata: ["reason": "\(error)"])
        }
    }
}
