internal import CGStreamer

extension Pipeline {
    /// How a pipeline that was sent EOS finished draining.
    package enum Drain: Sendable, Equatable {
        case ended
        case failed(String)
        case timedOut
    }

    /// Waits (blocking the caller: a utility thread only) for the EOS or the first ERROR on the
    /// bus, for pipelines whose bus is read by the caller (the recorder closing its file).
    package func waitForEndOfStream(timeoutNanoseconds: UInt64) -> Drain {
        guard let bus = gst_element_get_bus(element.pointer) else { return .failed("no bus") }
        defer { gst_object_unref(bus) }
        let types = GstMessageType(GST_MESSAGE_EOS.rawValue | GST_MESSAGE_ERROR.rawValue)
        guard let message = gst_bus_timed_pop_filtered(bus, GstClockTime(timeoutNanoseconds), types) else { return .timedOut }
        defer { gst_message_unref(message) }
        if vigil_message_type(message) == GST_MESSAGE_EOS { return .ended }
        return .failed(PipelineError(errorMessage: message).description)
    }
}
