import Foundation
import VigilMedia

/// The signaling messages as Swift values. The wire shapes are defined by
/// `signaling/signaling.schema.json`; incoming text is checked against it before it is read here.
enum SignalingIncoming: Sendable {
    case join
    case answer(sdp: String)
    case candidate(candidate: String, mline: Int)
    case leave

    /// A schema-valid message a page may send, or the reason it may not.
    static func read(_ value: JSONValue) -> Result<SignalingIncoming, SignalingFailure> {
        guard let fields = value.object, let type = fields["type"]?.string else {
            return .failure(SignalingFailure("invalid_message", "a message must be an object with a 'type'"))
        }
        switch type {
        case "join": return .success(.join)
        case "answer": return .success(.answer(sdp: fields["sdp"]?.string ?? ""))
        case "candidate": return .success(.candidate(candidate: fields["candidate"]?.string ?? "", mline: fields["sdpMLineIndex"]?.int ?? -1))
        case "leave": return .success(.leave)
        default:
            return .failure(SignalingFailure("wrong_direction", "'\(type)' is a message the server sends, not one a page may send"))
        }
    }
}
