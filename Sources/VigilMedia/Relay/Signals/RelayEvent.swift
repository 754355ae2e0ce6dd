import VigilCore

/// What happened in a session, for the server's log and metrics.
public enum RelayEvent: Sendable {
    case joined(participant: String, role: ParticipantRole)
    case stateChanged(participant: String, role: ParticipantRole, state: PeerConnectionState, sinceJoin: Duration)
    case mediaArrived(participant: String, role: ParticipantRole, stream: RelayStream, sinceJoin: Duration)
    case left(participant: String, role: ParticipantRole, reason: String)
    case failure(participant: String, role: ParticipantRole, message: String)
    case ended
}
