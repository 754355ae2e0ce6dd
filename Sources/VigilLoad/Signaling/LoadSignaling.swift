import Foundation

/// Vigil's signaling messages as the load client sends and reads them
/// (signaling/signaling.schema.json). Outgoing messages carry exactly the schema's keys (the
/// server refuses additional properties); incoming ones are read leniently.
public enum LoadSignaling {
    struct Outgoing: Encodable {
        var type: String
        var client: String?
        var sdp: String?
        var candidate: String?
        var sdpMLineIndex: Int?

        static func join() -> Outgoing { Outgoing(type: "join", client: "vigil-load (GStreamer webrtcbin)") }
        static func answer(_ sdp: String) -> Outgoing { Outgoing(type: "answer", sdp: sdp) }
        static func candidate(_ line: String, mline: Int) -> Outgoing { Outgoing(type: "candidate", candidate: line, sdpMLineIndex: mline) }
        static let leave = Outgoing(type: "leave")

        var text: String { String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self) }
    }

    struct Incoming: Decodable {
        var type: String
        var sdp: String?
        var candidate: String?
        var sdpMLineIndex: Int?
        var participant: String?
        var code: String?
        var message: String?
        var fatal: Bool?

        static func parse(_ text: String) -> Incoming? { try? JSONDecoder().decode(Incoming.self, from: Data(text.utf8)) }
    }

    /// `ws://host:port/api/sessions/ID/signal?token=…` from the server's http(s) base URL.
    public static func url(server: String, session: String, token: String) -> String {
        let base = server.hasPrefix("https://") ? "wss://" + server.dropFirst(8) : "ws://" + server.replacingOccurrences(of: "http://", with: "")
        let allowed = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+"))
        let id = session.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? session
        return "\(base.hasSuffix("/") ? String(base.dropLast()) : base)/api/sessions/\(id)/signal?token=\(token.addingPercentEncoding(withAllowedCharacters: allowed) ?? token)"
    }
}
