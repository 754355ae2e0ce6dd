internal import CGStreamer

/// Which data a pad probe sees.
package enum PadProbeKind: Sendable {
    /// Single buffers only.
    case buffers
    /// Buffers and buffer lists (RTP arrives in lists).
    case buffersAndLists

    var gstType: GstPadProbeType {
        switch self {
        case .buffers: GST_PAD_PROBE_TYPE_BUFFER
        case .buffersAndLists: GstPadProbeType(GST_PAD_PROBE_TYPE_BUFFER.rawValue | GST_PAD_PROBE_TYPE_BUFFER_LIST.rawValue)
        }
    }
}
