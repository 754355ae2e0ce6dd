import Foundation
import Synchronization
import VigilMedia

/// Tells a session's interviewer and proctors that something they should see could not be
/// stored (disk full, read-only database), so they know the record has a gap. Shared by
/// everything that stores live events (the detectors, the disconnection watch): a full disk
/// fails every write, so each session hears it at most once every `interval` seconds.
final class StorageWarnings: Sendable {
    private let lastSent = Mutex<[String: Date]>([:])
    let interval: TimeInterval

    init(interval: TimeInterval = 10) {
        self.interval = interval
    }

    func send(_ message: String, session id: String, via relay: RelaySession, now: Date = Date()) async {
        let due = lastSent.withLock { sent in
            guard now.timeIntervalSince(sent[id] ?? .distantPast) >= interval else { return false }
            sent[id] = now
            return true
        }
        guard due else { return }
        await relay.notify(.error(code: "storage_unavailable", message: message, fatal: false), roles: [.interviewer, .proctor])
    }
}
