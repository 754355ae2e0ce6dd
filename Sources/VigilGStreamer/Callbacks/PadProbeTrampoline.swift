internal import CGStreamer

/// A pad probe, on the streaming thread that carries the data: hands the probe info (valid for
/// the call) to the Swift handler and always lets the data pass.
let padProbeTrampoline: @convention(c) (UnsafeMutablePointer<GstPad>?, UnsafeMutablePointer<GstPadProbeInfo>?, gpointer?) -> GstPadProbeReturn = { pad, info, data in
    guard let pad, let info, let data else { return GST_PAD_PROBE_OK }
    CallbackBox<@Sendable (PadProbeInfo) -> Void>.handler(from: data)(PadProbeInfo(pad: PadRef(pad), pointer: info))
    return GST_PAD_PROBE_OK
}
