import CGStreamer

/// A GStreamer element pointer that crosses threads. GStreamer objects are thread-safe reference
/// counted; the owner releases the reference once, after the pipeline stopped.
struct GstHandle: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<GstElement>

    func release() { vigil_object_unref(pointer) }
}
