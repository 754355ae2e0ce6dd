import CGStreamer

// webrtcbin and bus callbacks. They run on webrtcbin's or a streaming thread, reach the
// participant's `PeerContext` through `Unmanaged` user data, and only yield events, forward
// candidates or build a receive branch; nothing here waits on Swift concurrency.

/// "on-ice-candidate": a local candidate to trickle to the page.
let webRTCOnIceCandidate: @convention(c) (UnsafeMutablePointer<GstElement>?, guint, UnsafeMutablePointer<gchar>?, gpointer?) -> Void = { _, mline, candidate, data in
    guard let candidate, let data else { return }
    let context = Unmanaged<PeerContext>.fromOpaque(data).takeUnretainedValue()
    context.sendCandidate(Int(mline), context.announced(String(cString: candidate)))
}

/// "pad-added": the participant's media started arriving.
let webRTCPadAdded: @convention(c) (UnsafeMutablePointer<GstElement>?, UnsafeMutablePointer<GstPad>?, gpointer?) -> Void = { _, pad, data in
    guard let pad, let data, gst_pad_get_direction(pad) == GST_PAD_SRC else { return }
    Unmanaged<PeerContext>.fromOpaque(data).takeUnretainedValue().addReceiveBranch(for: pad)
}

/// "notify::connection-state": new, connecting, connected, disconnected, failed, closed.
let webRTCConnectionStateChanged: @convention(c) (UnsafeMutablePointer<GObject>?, UnsafeMutablePointer<GParamSpec>?, gpointer?) -> Void = { object, _, data in
    guard let object, let data else { return }
    let context = Unmanaged<PeerContext>.fromOpaque(data).takeUnretainedValue()
    let value = vigil_object_get_int(object, "connection-state")
    context.events.yield(.connectionState(participant: context.participant, state: PeerConnectionState(value)))
}

/// Bus sync handler: errors and warnings become events; every message is dropped here so the
/// bus never queues (no main loop runs in the server). A sync handler that returns
/// GST_BUS_DROP owns the message and must unref it: without that every message leaked with a
/// reference to its source element, so no webrtcbin was ever finalized and its `webrtc:pc` and
/// `webrtc:ice` threads outlived the session (2 threads per participant, RelayTeardownTests).
let pipelineBusHandler: @convention(c) (UnsafeMutablePointer<GstBus>?, UnsafeMutablePointer<GstMessage>?, gpointer?) -> GstBusSyncReply = { _, message, data in
    guard let message else { return GST_BUS_DROP }
    defer { vigil_message_unref(message) }
    guard let data else { return GST_BUS_DROP }
    let type = vigil_message_type(message)
    if type == GST_MESSAGE_ERROR || type == GST_MESSAGE_WARNING {
        let context = Unmanaged<PeerContext>.fromOpaque(data).takeUnretainedValue()
        var error: UnsafeMutablePointer<GError>?
        var debug: UnsafeMutablePointer<gchar>?
        if type == GST_MESSAGE_ERROR { gst_message_parse_error(message, &error, &debug) } else { gst_message_parse_warning(message, &error, &debug) }
        let text = error.map { String(cString: $0.pointee.message) } ?? "unknown"
        let source = String(cString: vigil_message_source_name(message))
        if let error { g_error_free(error) }
        g_free(debug)
        if type == GST_MESSAGE_ERROR {
            context.events.yield(.failure(participant: context.participant, message: "\(source): \(text)"))
        }
    }
    return GST_BUS_DROP
}

/// GClosureNotify / GDestroyNotify releasing a retained `PeerContext`.
let releasePeerContextClosure: @convention(c) (gpointer?, UnsafeMutablePointer<GClosure>?) -> Void = { data, _ in
    guard let data else { return }
    Unmanaged<PeerContext>.fromOpaque(data).release()
}

let releasePeerContext: @convention(c) (gpointer?) -> Void = { data in
    guard let data else { return }
    Unmanaged<PeerContext>.fromOpaque(data).release()
}

/// GstWebRTCPeerConnectionState as the pages name it.
func PeerConnectionState(_ value: Int32) -> String {
    switch value {
    case 0: "new"
    case 1: "connecting"
    case 2: "connected"
    case 3: "disconnected"
    case 4: "failed"
    case 5: "closed"
    default: "unknown"
    }
}
