internal import CGStreamer

/// A bin's "deep-element-added" (an element was added anywhere below it), on the thread that
/// added it: hands the element (borrowed for the call) and its factory's name to the handler.
let deepElementAddedTrampoline: @convention(c) (UnsafeMutablePointer<GstBin>?, UnsafeMutablePointer<GstBin>?, UnsafeMutablePointer<GstElement>?, gpointer?) -> Void = { _, _, element, data in
    guard let element, let data, let factory = gst_element_get_factory(element) else { return }
    CallbackBox<@Sendable (ElementRef, String) -> Void>.handler(from: data)(ElementRef(element), String(cString: vigil_object_name(UnsafeMutableRawPointer(factory))))
}
