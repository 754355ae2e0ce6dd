public import VigilGStreamer

/// GStreamer's process-wide state (`gst_init` once, `version`, `hasElement`, `livePipelines`)
/// lives in VigilGStreamer; re-exported under the same name so the server and the `vigil`
/// command keep reaching it through VigilMedia alone.
public typealias GStreamerRuntime = VigilGStreamer.GStreamerRuntime

/// webrtcbin's connection state of a participant, typed (see `ParticipantSummary.state`).
public typealias PeerConnectionState = VigilGStreamer.PeerConnectionState
