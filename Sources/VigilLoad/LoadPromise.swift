import CGStreamer
import Synchronization

/// A replied GstPromise from webrtcbin. The change function resumes the waiting task on
/// webrtcbin's thread, so no thread blocks in `gst_promise_wait` before the reply exists.
/// (The server's `PromiseReply` is internal to VigilMedia; the load client keeps its own.)
struct LoadPromise: @unchecked Sendable {
    let promise: UnsafeMutablePointer<GstPromise>

    var structure: UnsafePointer<GstStructure>? { gst_promise_get_reply(promise) }

    var errorMessage: String? {
        guard gst_promise_wait(promise) == GST_PROMISE_RESULT_REPLIED else { return "no reply (interrupted or expired)" }
        guard let text = vigil_promise_reply_error(structure) else { return nil }
        defer { g_free(text) }
        return String(cString: text)
    }

    func release() { gst_promise_unref(promise) }

    static func await(_ start: (UnsafeMutablePointer<GstPromise>) -> Void) async -> LoadPromise {
        await withCheckedContinuation { (continuation: CheckedContinuation<LoadPromise, Never>) in
            let waiter = LoadPromiseWaiter(continuation)
            let promise = gst_promise_new_with_change_func(loadPromiseChanged, Unmanaged.passRetained(waiter).toOpaque(), loadReleasePromiseWaiter)!
            waiter.promise.withLock { $0 = LoadPromise(promise: promise) }
            start(promise)
        }
    }
}

/// Resumes the waiting task exactly once.
final class LoadPromiseWaiter: Sendable {
    let continuation: Mutex<CheckedContinuation<LoadPromise, Never>?>
    let promise = Mutex<LoadPromise?>(nil)

    init(_ continuation: CheckedContinuation<LoadPromise, Never>) { self.continuation = Mutex(continuation) }

    func resume() {
        guard let reply = promise.withLock({ $0 }), let continuation = continuation.withLock({ value in
            defer { value = nil }
            return value
        }) else { return }
        continuation.resume(returning: reply)
    }
}

let loadPromiseChanged: @convention(c) (UnsafeMutablePointer<GstPromise>?, gpointer?) -> Void = { _, data in
    guard let data else { return }
    Unmanaged<LoadPromiseWaiter>.fromOpaque(data).takeUnretainedValue().resume()
}

let loadReleasePromiseWaiter: @convention(c) (gpointer?) -> Void = { data in
    guard let data else { return }
    Unmanaged<LoadPromiseWaiter>.fromOpaque(data).release()
}
