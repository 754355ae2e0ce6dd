import CGStreamer

// webrtcbin, bus and probe callbacks of a load peer. They run on webrtcbin's and streaming
// threads, reach the peer's `LoadPeerContext` through `Unmanaged` user data, and only count,
// forward a candidate or build a receive branch; nothing here waits on Swift concurrency.

/// "on-ice-candidate": a local candidate to trickle to the server.
let loadOnIceCandidate: @convention(c) (UnsafeMutablePointer<GstElement>?, guint, UnsafeMutablePointer<gchar>?, gpointer?) -> Void = { _, mline, candidate, data in
    guard let candidate, let data else { return }
    Unmanaged<LoadPeerContext>.fromOpaque(data).takeUnretainedValue().sendCandidate(Int(mline), String(cString: candidate))
}

/// "notify::connection-state".
let loadConnectionStateChanged: @convention(c) (UnsafeMutablePointer<GObject>?, UnsafeMutablePointer<GParamSpec>?, gpointer?) -> Void = { object, _, data in
    guard let object, let data else { return }
    Unmanaged<LoadPeerContext>.fromOpaque(data).takeUnretainedValue().connectionState.store(vigil_object_get_int(object, "connection-state"), ordering: .relaxed)
}

/// "pad-added": what the server relays to this peer started arriving; depayload (and decode the
/// video if this peer decodes) into a fakesink whose sink pad is probed to count.
let loadPadAdded: @convention(c) (UnsafeMutablePointer<GstElement>?, UnsafeMutablePointer<GstPad>?, gpointer?) -> Void = { _, pad, data in
    guard let pad, let data, gst_pad_get_direction(pad) == GST_PAD_SRC else { return }
    let context = Unmanaged<LoadPeerContext>.fromOpaque(data).takeUnretainedValue()
    guard let caps = gst_pad_get_current_caps(pad) ?? gst_pad_query_caps(pad, nil) else { return }
    let media = vigil_caps_structure(caps, 0).flatMap { gst_structure_get_string($0, "media") }.map { String(cString: $0) }
    vigil_caps_unref(caps)
    let video = media == "video"
    var error: UnsafeMutablePointer<GError>?
    guard let bin = gst_parse_bin_from_description(LoadMedia.receiveDescription(video: video, decode: context.decodeVideo), 1, &error) else {
        context.note("receive branch: \(error.map { String(cString: $0.pointee.message) } ?? "unknown error")")
        if let error { g_error_free(error) }
        return
    }
    let element = UnsafeMutableRawPointer(bin).assumingMemoryBound(to: GstElement.self)
    if let counter = vigil_bin_get(element, "counter"), let sinkPad = gst_element_get_static_pad(counter, "sink") {
        let probe = video ? (context.decodeVideo ? loadCountDecodedFrame : loadCountVideoFrame) : loadCountAudioPacket
        _ = gst_pad_add_probe(sinkPad, GST_PAD_PROBE_TYPE_BUFFER, probe, Unmanaged.passRetained(context).toOpaque(), loadReleaseContext)
        vigil_object_unref(sinkPad)
        vigil_object_unref(counter)
    }
    _ = gst_bin_add(vigil_as_bin(context.pipeline.pointer), element)
    guard let ghost = gst_element_get_static_pad(element, "sink") else { return }
    let linked = gst_pad_link(pad, ghost)
    vigil_object_unref(ghost)
    _ = gst_element_sync_state_with_parent(element)
    if linked != GST_PAD_LINK_OK { context.note("could not link the \(media ?? "?") pad (\(linked.rawValue))") }
}

/// Probe on the decoded video: count, note the size, and every 10th frame count face-box pixels.
let loadCountDecodedFrame: @convention(c) (UnsafeMutablePointer<GstPad>?, UnsafeMutablePointer<GstPadProbeInfo>?, gpointer?) -> GstPadProbeReturn = { pad, info, data in
    guard let pad, let info, let data else { return GST_PAD_PROBE_OK }
    let context = Unmanaged<LoadPeerContext>.fromOpaque(data).takeUnretainedValue()
    let frame = context.videoFrames.add(1, ordering: .relaxed).newValue
    guard frame % 10 == 1, let caps = gst_pad_get_current_caps(pad) else { return GST_PAD_PROBE_OK }
    defer { vigil_caps_unref(caps) }
    if let structure = vigil_caps_structure(caps, 0) {
        var width: gint = 0, height: gint = 0
        _ = gst_structure_get_int(structure, "width", &width)
        _ = gst_structure_get_int(structure, "height", &height)
        context.width.store(Int(width), ordering: .relaxed)
        context.height.store(Int(height), ordering: .relaxed)
    }
    if let buffer = gst_pad_probe_info_get_buffer(info), let pixels = FaceBoxPixels.count(buffer: buffer, caps: caps) {
        context.faceBoxPixels.store(pixels, ordering: .relaxed)
        _ = context.faceBoxPixelsMax.max(pixels, ordering: .relaxed)
    }
    return GST_PAD_PROBE_OK
}

/// Probe on depayloaded VP8 (a peer that does not decode): one buffer per frame.
let loadCountVideoFrame: @convention(c) (UnsafeMutablePointer<GstPad>?, UnsafeMutablePointer<GstPadProbeInfo>?, gpointer?) -> GstPadProbeReturn = { _, _, data in
    guard let data else { return GST_PAD_PROBE_OK }
    Unmanaged<LoadPeerContext>.fromOpaque(data).takeUnretainedValue().videoFrames.add(1, ordering: .relaxed)
    return GST_PAD_PROBE_OK
}

let loadCountAudioPacket: @convention(c) (UnsafeMutablePointer<GstPad>?, UnsafeMutablePointer<GstPadProbeInfo>?, gpointer?) -> GstPadProbeReturn = { _, _, data in
    guard let data else { return GST_PAD_PROBE_OK }
    Unmanaged<LoadPeerContext>.fromOpaque(data).takeUnretainedValue().audioPackets.add(1, ordering: .relaxed)
    return GST_PAD_PROBE_OK
}

/// Bus sync handler: errors are noted; every message is dropped (and unreferenced) here, since
/// no main loop drains the bus.
let loadBusHandler: @convention(c) (UnsafeMutablePointer<GstBus>?, UnsafeMutablePointer<GstMessage>?, gpointer?) -> GstBusSyncReply = { _, message, data in
    guard let message else { return GST_BUS_DROP }
    defer { vigil_message_unref(message) }
    guard let data, vigil_message_type(message) == GST_MESSAGE_ERROR else { return GST_BUS_DROP }
    var error: UnsafeMutablePointer<GError>?
    var debug: UnsafeMutablePointer<gchar>?
    gst_message_parse_error(message, &error, &debug)
    let text = error.map { String(cString: $0.pointee.message) } ?? "unknown"
    Unmanaged<LoadPeerContext>.fromOpaque(data).takeUnretainedValue().note("\(String(cString: vigil_message_source_name(message))): \(text)")
    if let error { g_error_free(error) }
    g_free(debug)
    return GST_BUS_DROP
}

let loadReleaseContext: @convention(c) (gpointer?) -> Void = { data in
    guard let data else { return }
    Unmanaged<LoadPeerContext>.fromOpaque(data).release()
}

let loadReleaseContextClosure: @convention(c) (gpointer?, UnsafeMutablePointer<GClosure>?) -> Void = { data, _ in
    guard let data else { return }
    Unmanaged<LoadPeerContext>.fromOpaque(data).release()
}
