import CGStreamer

/// A GStreamer element pointer that may cross threads. GstObject is reference counted and its API
/// is MT-safe by design (properties, signals, pads and events are guarded inside GStreamer), so
/// the pointer itself is safe to share; whoever stores one owns a reference and releases it.
struct ElementRef: @unchecked Sendable, Hashable {
    let pointer: UnsafeMutablePointer<GstElement>

    init(_ pointer: UnsafeMutablePointer<GstElement>) { self.pointer = pointer }

    /// A new owned reference to the same element.
    func retained() -> ElementRef {
        _ = vigil_object_ref(pointer)
        return self
    }

    func release() { vigil_object_unref(pointer) }

    var name: String { String(cString: vigil_object_name(pointer)) }
}

/// A sample pulled from an appsink, handed from one streaming thread to the router in the same
/// call. GstSample is immutable once created and reference counted.
struct SampleRef: @unchecked Sendable {
    let pointer: OpaquePointer
}
