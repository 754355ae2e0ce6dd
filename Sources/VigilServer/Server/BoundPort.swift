import Synchronization

/// The port actually bound, learnt once the server runs (needed for links when --port 0).
final class BoundPort: Sendable {
    private let port: Mutex<Int>

    init(configured: Int) { port = Mutex(configured) }

    var value: Int {
        get { port.withLock { $0 } }
        set { port.withLock { $0 = newValue } }
    }
}
