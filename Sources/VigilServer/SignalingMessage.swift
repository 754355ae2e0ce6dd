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

/// An error sent to the page as `{"type": "error", …}`.
struct SignalingFailure: Error, Sendable {
    let code: String
    let message: String
    init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }
}

enum SignalingOutgoing {
    /// The JSON text of a message the server sends.
    static func text(_ fields: [String: JSONValue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(JSONValue.object(fields))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func fields(_ signal: RelaySignal) -> [String: JSONValue] {
        switch signal {
        case .offer(let sdp):
            return ["type": .string("offer"), "sdp": .string(sdp)]
        case .candidate(let mline, let candidate):
            return ["type": .string("candidate"), "candidate": .string(candidate), "sdpMLineIndex": .number(Double(mline))]
        case .peers(let participants):
            return ["type": .string("peers"), "participants": .array(participants.map {
                .object(["id": .string($0.id), "role": .string($0.role.rawValue), "state": .string($0.state)])
            })]
        case .error(let code, let message, let fatal):
            return error(code, message, fatal: fatal)
        case .ended:
            return ["type": .string("ended")]
        case .alert(let kind, let message, let at, let frameArrivedAt):
            var object: [String: JSONValue] = ["type": .string("alert"), "kind": .string(kind), "message": .string(message), "at": .string(at)]
            if let frameArrivedAt { object["frame_arrived_at"] = .string(frameArrivedAt) }
            return object
        case .event(let json):
            let event = (try? JSONValue(parsing: Data(json.utf8))) ?? .object([:])
            return ["type": .string("event"), "event": event]
        }
    }

    static func error(_ code: String, _ message: String, fatal: Bool = false) -> [String: JSONValue] {
        ["type": .string("error"), "code": .string(code), "message": .string(message), "fatal": .bool(fatal)]
    }
}
