import Synchronization

/// Resumes the task waiting for one promise exactly once (the change function may run before
/// `WebRTCPromise` has stored the promise, or more than once).
final class PromiseWaiter: Sendable {
    let continuation: Mutex<CheckedContinuation<PromiseReference, Never>?>
    let promise = Mutex<PromiseReference?>(nil)

    init(_ continuation: CheckedContinuation<PromiseReference, Never>) { self.continuation = Mutex(continuation) }

    func resume() {
        guard let reply = promise.withLock({ $0 }), let continuation = continuation.withLock({ value in
            defer { value = nil }
            return value
        }) else { return }
        continuation.resume(returning: reply)
    }
}
