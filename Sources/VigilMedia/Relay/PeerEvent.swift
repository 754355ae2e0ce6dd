import VigilGStreamer

/// What happens to a participant's pipeline, reported from GStreamer threads to the session actor.
enum PeerEvent: Sendable {
    case connectionState(participant: String, state: PeerConnectionState)
    case mediaArrived(participant: String, stream: RelayStream)
    case failure(participant: String, message: String)
}
