internal import CGStreamer

/// A GStreamer element that may cross threads. GstObject is reference counted and its API is
/// MT-safe by design (properties, signals, pads and events are guarded inside GStreamer), so the
/// pointer itself is safe to share; whoever stores one owns a reference and releases it once.
/// A value, not a class, so a streaming thread can hand one on without touching Swift's
/// reference counting of a wrapper.
package struct ElementRef: @unchecked Sendable, Hashable {
    let pointer: UnsafeMutablePointer<GstElement>

    init(_ pointer: UnsafeMutablePointer<GstElement>) { self.pointer = pointer }

    /// A new owned reference to the same element.
    package func retained() -> ElementRef {
        _ = gst_object_ref(pointer)
        return self
    }

    package func release() { gst_object_unref(pointer) }

    package var name: String { String(cString: vigil_object_name(pointer)) }

    /// GObject's reference count, for leak hunting (`VIGIL_DEBUG_REFS`).
    package var referenceCount: UInt32 { pointer.pointee.object.object.ref_count }

    /// The element of that name inside this bin (searched recursively), as a new owned reference.
    package func child(named name: String) -> ElementRef? {
        gst_bin_get_by_name(vigil_as_bin(pointer), name).map(ElementRef.init)
    }

    /// The element's always-present pad of that name, as a new owned reference.
    package func staticPad(named name: String) -> PadRef? {
        gst_element_get_static_pad(pointer, name).map(PadRef.init)
    }

    /// Brings an element added to a running bin to the bin's state.
    package func syncStateWithParent() {
        _ = gst_element_sync_state_with_parent(pointer)
    }
}
