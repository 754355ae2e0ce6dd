internal import CGStreamer

/// A promise pointer handed from webrtcbin's thread to the waiting task.
struct PromiseReference: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<GstPromise>
}
