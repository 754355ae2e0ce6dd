/// What can stop the load client, each with a message that says what to check.
public enum LoadError: Error, CustomStringConvertible, Sendable {
    case pipelineInvalid(reason: String)
    case photoMissing(path: String)
    case stateChangeFailed(String)
    case negotiationFailed(String)
    case signaling(String)
    case server(String)

    public var description: String {
        switch self {
        case .pipelineInvalid(let reason):
            "the load peer's pipeline could not be built (\(reason)); check that gstreamer1.0-plugins-good/-bad and gstreamer1.0-nice are installed"
        case .photoMissing(let path):
            "the face photo \(path) does not exist; pass --photo with a JPEG of a face (the repository's ../shared/media/faces/frontal/)"
        case .stateChangeFailed(let what): "GStreamer refused to start the load peer: \(what)"
        case .negotiationFailed(let what): "WebRTC negotiation with the server failed: \(what)"
        case .signaling(let what): "signaling: \(what)"
        case .server(let what): "the Vigil server: \(what)"
        }
    }
}
