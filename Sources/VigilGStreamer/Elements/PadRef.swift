internal import CGStreamer

/// A GStreamer pad. Pads handed to a callback are borrowed for the call; pads from
/// `ElementRef.staticPad(named:)` are owned and released once.
package struct PadRef: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<GstPad>

    init(_ pointer: UnsafeMutablePointer<GstPad>) { self.pointer = pointer }

    package func release() { gst_object_unref(pointer) }

    /// Whether data leaves the element through this pad (webrtcbin's and decodebin's new pads).
    package var isSource: Bool { gst_pad_get_direction(pointer) == GST_PAD_SRC }

    package var isLinked: Bool { gst_pad_is_linked(pointer) != 0 }

    /// The negotiated caps, or what the pad could produce while none are negotiated yet.
    package var caps: Caps? {
        guard let caps = gst_pad_get_current_caps(pointer) ?? gst_pad_query_caps(pointer, nil) else { return nil }
        return Caps(owning: caps)
    }

    /// The negotiated caps only (nil before negotiation), as probes on flowing data need.
    package var currentCaps: Caps? {
        gst_pad_get_current_caps(pointer).map(Caps.init(owning:))
    }

    /// Links this source pad to `sink`; the error carries GStreamer's GstPadLinkReturn.
    package func link(to sink: PadRef) throws(PadLinkError) {
        let result = gst_pad_link(pointer, sink.pointer)
        guard result == GST_PAD_LINK_OK else { throw PadLinkError(code: Int(result.rawValue)) }
    }

    /// Sends an upstream force-key-unit event from this (sink) pad: an encoder upstream makes a
    /// key frame, a depayloader passes it on to webrtcbin, which sends a PLI.
    package func requestKeyFrameUpstream() {
        let event = gst_video_event_new_upstream_force_key_unit(vigil_clock_time_none(), 0, 0)
        _ = gst_pad_push_event(pointer, event)
    }
}
