import VigilCore
/// Failures of the relay, each worded so that an operator (or a page showing it) knows what to do.
public enum MediaError: Error, Sendable, CustomStringConvertible {
    /// A pipeline file is missing or unreadable.
    case pipelineFileMissing(path: String)
    /// A `{{placeholder}}` in a pipeline file got no value.
    case placeholderUnfilled(file: String, name: String)
    /// gst_parse_launch refused a description (usually a missing plugin or a typo in the file).
    case pipelineInvalid(file: String, reason: String)
    /// An element named in the contract between the pipeline files and Swift is absent.
    case elementMissing(file: String, name: String)
    /// The pipeline would not start.
    case stateChangeFailed(String)
    /// webrtcbin could not create or apply a session description.
    case negotiationFailed(String)
    /// The page's SDP is not a session description the relay can use.
    case invalidSessionDescription(String)
    /// An ICE candidate the page sent was refused.
    case invalidCandidate(String)
    /// A message arrived for a participant that has left or was replaced.
    case unknownParticipant(String)
    /// The session ended; no more joins.
    case sessionEnded(String)
    /// Someone is already in the call with this role's link, and their media is flowing.
    case alreadyInCall(ParticipantRole)
    /// The server's DTLS certificate could not be made.
    case dtlsCertificateUnavailable(String)

    public var description: String {
        switch self {
        case .pipelineFileMissing(let path):
            "pipeline description \(path) is missing; run the server from the repository root or set VIGIL_PIPELINES to the pipelines folder"
        case .placeholderUnfilled(let file, let name):
            "pipeline description \(file) uses {{\(name)}}, which the relay does not fill in; fix the file"
        case .pipelineInvalid(let file, let reason):
            "GStreamer refused the pipeline in \(file): \(reason) (is the plugin installed? see scripts/setup.sh)"
        case .elementMissing(let file, let name):
            "pipeline description \(file) has no element named '\(name)', which the relay needs"
        case .stateChangeFailed(let what):
            "the relay pipeline could not start: \(what)"
        case .negotiationFailed(let what):
            "WebRTC negotiation failed: \(what)"
        case .invalidSessionDescription(let what):
            "the session description is not usable: \(what)"
        case .invalidCandidate(let what):
            "the ICE candidate is not usable: \(what)"
        case .unknownParticipant(let id):
            "participant \(id) is not in this call (it left or joined again elsewhere)"
        case .sessionEnded(let id):
            "session \(id) has ended"
        case .alreadyInCall(let role):
            "this \(role.rawValue) link is already in the call from another page, whose video is still arriving; close that page first"
        case .dtlsCertificateUnavailable(let why):
            "the relay has no DTLS certificate: \(why)"
        }
    }
}
