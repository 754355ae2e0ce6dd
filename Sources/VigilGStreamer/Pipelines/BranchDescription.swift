internal import CGStreamer

/// A branch to add to a running pipeline, parsed from a gst-launch description into a bin
/// (receive branches built when webrtcbin exposes a pad).
package enum BranchDescription {
    /// Parses `description` into a bin (owned). With `ghostingUnlinkedPads`, the bin's unlinked
    /// pads become its own (the first sink pad is "sink"); without, the caller ghosts what it
    /// chooses with `ghostSinkPad(of:in:)`.
    package static func parse(_ description: String, ghostingUnlinkedPads: Bool) throws(PipelineDescriptionError) -> ElementRef {
        GStreamerRuntime.ensureInitialized()
        var error: UnsafeMutablePointer<GError>?
        guard let bin = gst_parse_bin_from_description(description, ghostingUnlinkedPads ? 1 : 0, &error) else {
            let reason = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            if let error { g_error_free(error) }
            throw .refused(reason: reason)
        }
        return ElementRef(bin)
    }

    /// Makes `element`'s sink pad the bin's "sink" pad (explicitly: ghosting "unlinked pads"
    /// would also pick e.g. textoverlay's text_sink).
    package static func ghostSinkPad(of element: ElementRef, in bin: ElementRef) {
        guard let entryPad = gst_element_get_static_pad(element.pointer, "sink") else { return }
        defer { gst_object_unref(entryPad) }
        guard let ghost = gst_ghost_pad_new("sink", entryPad) else { return }
        _ = gst_element_add_pad(bin.pointer, ghost)
    }
}
