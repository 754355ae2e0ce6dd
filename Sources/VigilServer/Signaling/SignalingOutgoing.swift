import Foundation
import VigilMedia

/// The messages the server sends, as JSON text (sorted keys, so tests and logs read the same).
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
                .object(["id": .string($0.id), "role": .string($0.role.rawValue), "state": .string($0.state.rawValue)])
            })]
        case .error(let code, let message, let fatal):
            return error(code, message, fatal: fatal)
        case .ended:
            return ["type": .string("ended")]
        case .message(let json):
            // Composed by the server itself (see ProctoringMessage); checked against the schema on sending.
            return (try? JSONValue(parsing: Data(json.utf8)))?.object ?? error("server_message_invalid", "the server composed a message that is not a JSON object")
        }
    }

    /// `retryAfter`: for a limit's refusal, the seconds after which trying again can succeed
    /// (the WebSocket counterpart of an HTTP 429's `Retry-After`).
    static func error(_ code: String, _ message: String, fatal: Bool = false, retryAfter: Int? = nil) -> [String: JSONValue] {
        var fields: [String: JSONValue] = ["type": .string("error"), "code": .string(code), "message": .string(message), "fatal": .bool(fatal)]
        if let retryAfter { fields["retryAfter"] = .number(Double(max(1, retryAfter))) }
        return fields
    }
}
