import CGStreamer
import Synchronization

/// The offer/answer exchange with webrtcbin. Its action signals answer through a GstPromise on
/// webrtcbin's own thread; the change function below resumes the waiting Swift task, so no
/// thread ever blocks in `gst_promise_wait`.
enum WebRTCNegotiation {
    /// Creates the offer, applies it locally and returns its SDP text.
    static func createOffer(_ webrtc: ElementRef) async throws(MediaError) -> String {
        let reply = await PromiseReply.await { promise in vigil_webrtc_create_offer(webrtc.pointer, promise) }
        defer { reply.release() }
        if let error = reply.errorMessage { throw .negotiationFailed("create-offer: \(error)") }
        guard let offer = vigil_promise_reply_description(reply.structure, "offer") else {
            throw .negotiationFailed("webrtcbin gave no offer")
        }
        defer { gst_webrtc_session_description_free(offer) }
        let local = await PromiseReply.await { promise in vigil_webrtc_set_local_description(webrtc.pointer, offer, promise) }
        defer { local.release() }
        if let error = local.errorMessage { throw .negotiationFailed("set-local-description: \(error)") }
        guard let text = gst_sdp_message_as_text(offer.pointee.sdp) else { throw .negotiationFailed("the offer has no SDP text") }
        defer { g_free(text) }
        return String(cString: text)
    }

    /// Applies the page's answer (already checked by `SessionDescriptionCheck`).
    static func applyAnswer(_ webrtc: ElementRef, sdp: String) async throws(MediaError) {
        var message: UnsafeMutablePointer<GstSDPMessage>?
        guard gst_sdp_message_new_from_text(sdp, &message) == GST_SDP_OK, let message else {
            throw .invalidSessionDescription("GStreamer could not parse it")
        }
        guard let answer = gst_webrtc_session_description_new(GST_WEBRTC_SDP_TYPE_ANSWER, message) else {
            gst_sdp_message_free(message)
            throw .invalidSessionDescription("GStreamer could not wrap it")
        }
        defer { gst_webrtc_session_description_free(answer) }
        let reply = await PromiseReply.await { promise in vigil_webrtc_set_remote_description(webrtc.pointer, answer, promise) }
        defer { reply.release() }
        if let error = reply.errorMessage { throw .invalidSessionDescription("webrtcbin refused it: \(error)") }
    }
}

/// A replied GstPromise, kept alive until `release` so its reply structure stays readable.
/// Public for the load client, which drives webrtcbin from the page's side.
public struct PromiseReply: @unchecked Sendable {
    let promise: UnsafeMutablePointer<GstPromise>

    public var structure: UnsafePointer<GstStructure>? { gst_promise_get_reply(promise) }

    public var errorMessage: String? {
        guard gst_promise_wait(promise) == GST_PROMISE_RESULT_REPLIED else { return "no reply (interrupted or expired)" }
        guard let text = vigil_promise_reply_error(structure) else { return nil }
        defer { g_free(text) }
        return String(cString: text)
    }

    public func release() { gst_promise_unref(promise) }

    /// Creates a promise, lets `start` hand it to webrtcbin, and suspends until it is answered.
    public static func `await`(_ start: (UnsafeMutablePointer<GstPromise>) -> Void) async -> PromiseReply {
        await withCheckedContinuation { (continuation: CheckedContinuation<PromiseReply, Never>) in
            let waiter = PromiseWaiter(continuation)
            let promise = gst_promise_new_with_change_func(promiseChanged, Unmanaged.passRetained(waiter).toOpaque(), releasePromiseWaiter)!
            waiter.promise.withLock { $0 = PromiseReply(promise: promise) }
            start(promise)
        }
    }
}

/// Resumes the task waiting for a promise exactly once.
final class PromiseWaiter: Sendable {
    let continuation: Mutex<CheckedContinuation<PromiseReply, Never>?>
    let promise = Mutex<PromiseReply?>(nil)

    init(_ continuation: CheckedContinuation<PromiseReply, Never>) { self.continuation = Mutex(continuation) }

    func resume() {
        guard let reply = promise.withLock({ $0 }), let continuation = continuation.withLock({ value in
            defer { value = nil }
            return value
        }) else { return }
        continuation.resume(returning: reply)
    }
}

/// GstPromiseChangeFunc: called on webrtcbin's thread when the promise is replied, interrupted
/// or expired. (gst_promise_wait then returns at once, since the result is already set.)
let promiseChanged: @convention(c) (UnsafeMutablePointer<GstPromise>?, gpointer?) -> Void = { _, data in
    guard let data else { return }
    Unmanaged<PromiseWaiter>.fromOpaque(data).takeUnretainedValue().resume()
}

let releasePromiseWaiter: @convention(c) (gpointer?) -> Void = { data in
    guard let data else { return }
    Unmanaged<PromiseWaiter>.fromOpaque(data).release()
}
