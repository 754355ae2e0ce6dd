internal import CGStreamer

/// A top-level pipeline built from a gst-launch description, and what Vigil does with one: find
/// its named elements, change and wait for its state, read errors from its bus, add branches
/// while it runs, stop it. Owns one reference to the pipeline element; `PipelineTeardown` or `stopNow`
/// releases it.
package struct Pipeline: Sendable {
    package let element: ElementRef

    /// What a state change answered (GstStateChangeReturn).
    package enum StateChange: Sendable, Equatable {
        case success, async, noPreroll, failure

        init(_ value: GstStateChangeReturn) {
            switch value {
            case GST_STATE_CHANGE_SUCCESS: self = .success
            case GST_STATE_CHANGE_ASYNC: self = .async
            case GST_STATE_CHANGE_NO_PREROLL: self = .noPreroll
            default: self = .failure
            }
        }
    }

    /// Parses `description`. gst_parse_launch may return a pipeline *and* an error for a
    /// recoverable problem (e.g. a property typo): by default that is refused too, so a mistake in
    /// a pipeline file is found at once; `acceptingRecoverableErrors` keeps such a pipeline.
    package init(launching description: String, acceptingRecoverableErrors: Bool = false) throws(PipelineDescriptionError) {
        GStreamerRuntime.ensureInitialized()
        var error: UnsafeMutablePointer<GError>?
        guard let pipeline = gst_parse_launch(description, &error) else {
            let reason = error.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "unknown error"
            if let error { g_error_free(error) }
            throw .refused(reason: reason)
        }
        if let error {
            let reason = String(cString: error.pointee.message)
            g_error_free(error)
            if !acceptingRecoverableErrors {
                gst_object_unref(pipeline)
                throw .refused(reason: reason)
            }
        }
        element = ElementRef(pipeline)
    }

    /// The named element (owned), or an error naming it.
    package func element(named name: String) throws(PipelineDescriptionError) -> ElementRef {
        guard let found = element.child(named: name) else { throw .elementMissing(name: name) }
        return found
    }

    package func play() -> StateChange { StateChange(gst_element_set_state(element.pointer, GST_STATE_PLAYING)) }

    package func pause() -> StateChange { StateChange(gst_element_set_state(element.pointer, GST_STATE_PAUSED)) }

    /// Waits up to `timeoutNanoseconds` for an asynchronous state change to complete.
    package func waitForState(timeoutNanoseconds: UInt64) -> StateChange {
        StateChange(gst_element_get_state(element.pointer, nil, nil, GstClockTime(timeoutNanoseconds)))
    }

    /// The stream's duration in seconds, when the pipeline knows it.
    package var durationSeconds: Double? {
        var nanoseconds: gint64 = 0
        guard gst_element_query_duration(element.pointer, GST_FORMAT_TIME, &nanoseconds) != 0, nanoseconds > 0 else { return nil }
        return Double(nanoseconds) / 1e9
    }

    /// The first ERROR on the bus, waiting at most `waitNanoseconds` for one (for pipelines whose
    /// bus is read by the caller, like file decoding).
    package func popError(waitNanoseconds: UInt64) -> PipelineError? {
        guard let bus = gst_element_get_bus(element.pointer) else { return nil }
        defer { gst_object_unref(bus) }
        guard let message = gst_bus_timed_pop_filtered(bus, GstClockTime(waitNanoseconds), GST_MESSAGE_ERROR) else { return nil }
        defer { gst_message_unref(message) }
        return PipelineError(errorMessage: message)
    }

    /// Hands every ERROR to `handler` on the posting thread and drops every message, for
    /// pipelines nobody pops from (no main loop runs in Vigil). The handler must return at once.
    package func reportErrors(_ handler: @escaping @Sendable (PipelineError) -> Void) {
        guard let bus = gst_element_get_bus(element.pointer) else { return }
        gst_bus_set_sync_handler(bus, busSyncTrampoline, CallbackBox<@Sendable (PipelineError) -> Void>(handler).retainedPointer(), releaseCallbackBox)
        gst_object_unref(bus)
    }

    /// Adds a branch (a bin with a "sink" pad) to the running pipeline and links `pad` into it
    /// (streaming thread, pad-added). The branch is started even when the link fails, so that
    /// the pipeline's teardown stops it like every other element.
    package func attach(_ branch: ElementRef, from pad: PadRef) throws(PadLinkError) {
        _ = gst_bin_add(vigil_as_bin(element.pointer), branch.pointer)
        var linkError: PadLinkError?
        if let sink = branch.staticPad(named: "sink") {
            do { try pad.link(to: sink) } catch { linkError = error }
            sink.release()
        } else {
            linkError = PadLinkError(code: Int(GST_PAD_LINK_NOFORMAT.rawValue))
        }
        branch.syncStateWithParent()
        if let linkError { throw linkError }
    }

    /// Sets NULL, then releases `owned` (references taken from the pipeline) and the pipeline, on
    /// the caller's thread. Only for threads that may block (file decoding); elsewhere use
    /// `PipelineTeardown`.
    package func stopNow(releasing owned: [ElementRef] = []) {
        gst_element_set_state(element.pointer, GST_STATE_NULL)
        owned.forEach { $0.release() }
        element.release()
    }
}
