internal import CGStreamer

extension ElementRef {
    /// Calls `body` with every element anywhere inside this bin (borrowed for the call) and its
    /// factory's name. A resync (the bin changed while walking) starts the walk again.
    package func forEachDescendant(_ body: (ElementRef, String) -> Void) {
        guard let iterator = gst_bin_iterate_recurse(vigil_as_bin(pointer)) else { return }
        defer { gst_iterator_free(iterator) }
        var value = GValue()
        walking: while true {
            switch gst_iterator_next(iterator, &value) {
            case GST_ITERATOR_OK:
                if let object = g_value_get_object(&value) {
                    let element = object.assumingMemoryBound(to: GstElement.self)
                    if let factory = gst_element_get_factory(element) {
                        body(ElementRef(element), String(cString: vigil_object_name(UnsafeMutableRawPointer(factory))))
                    }
                }
                g_value_reset(&value)
            case GST_ITERATOR_RESYNC:
                gst_iterator_resync(iterator)
            default:
                break walking
            }
        }
        g_value_unset(&value)
    }
}
