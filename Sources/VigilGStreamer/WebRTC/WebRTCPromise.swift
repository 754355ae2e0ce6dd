internal import CGStreamer

/// webrtcbin answers its action signals through a GstPromise on its own thread. This bridges one
/// promise to Swift concurrency: the change function (`promiseChangeTrampoline`) resumes the
/// waiting task, so no thread ever blocks in `gst_promise_wait`, and no pointer leaves this file
/// except through `WebRTCBin`'s typed results.
enum WebRTCPromise {
    /// Creates a promise, lets `start` hand it to webrtcbin, suspends until it is answered, then
    /// reads the reply with `read` while the promise is still alive.
    static func perform<Result>(_ action: String, start: (UnsafeMutablePointer<GstPromise>) -> Void,
                                read: (UnsafePointer<GstStructure>?) throws(WebRTCError) -> Result) async throws(WebRTCError) -> Result {
        let promise = await withCheckedContinuation { (continuation: CheckedContinuation<PromiseReference, Never>) in
            let waiter = PromiseWaiter(continuation)
            let promise = gst_promise_new_with_change_func(promiseChangeTrampoline, Unmanaged.passRetained(waiter).toOpaque(), releaseCallbackBox)!
            waiter.promise.withLock { $0 = PromiseReference(pointer: promise) }
            start(promise)
        }
        defer { gst_promise_unref(promise.pointer) }
        // The result is already set when the change function ran, so this returns at once.
        guard gst_promise_wait(promise.pointer) == GST_PROMISE_RESULT_REPLIED else {
            throw .refused(action: action, reason: "no reply (interrupted or expired)")
        }
        let reply = gst_promise_get_reply(promise.pointer)
        if let message = vigil_promise_reply_error(reply) {
            defer { g_free(message) }
            throw .refused(action: action, reason: String(cString: message))
        }
        return try read(reply)
    }
}
