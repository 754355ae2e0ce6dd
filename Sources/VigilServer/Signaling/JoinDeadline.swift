import Synchronization

/// The clock of one socket's join: armed when the server's offer was sent, disarmed by the
/// page's answer (or when the socket closes). If it runs out, `onExpiry` drops the join, so a
/// page that never answers cannot hold a pipeline and its threads forever.
final class JoinDeadline: Sendable {
    private let pending = Mutex<Task<Void, Never>?>(nil)

    /// Starts (or restarts, for a join again on the same socket) the clock.
    func arm(after timeout: Duration, onExpiry: @escaping @Sendable () async -> Void) {
        let task = Task {
            do { try await Task.sleep(for: timeout) } catch { return }
            await onExpiry()
        }
        pending.withLock { previous in
            previous?.cancel()
            previous = task
        }
    }

    /// The page answered (or left): nothing to drop.
    func disarm() {
        pending.withLock { task in
            task?.cancel()
            task = nil
        }
    }
}
