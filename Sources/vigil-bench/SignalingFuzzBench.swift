import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import VigilLoad

/// `vigil-bench signaling-fuzz`: throws malformed signaling at a running server, class by class,
/// and counts how it answered. Every input must get an `error` message or a close with a
/// reason; afterwards the server must still answer `/healthz` and take a real join. Prints one
/// JSON line (`{"bench": "fuzz", "class": "signaling", …}`) for `make bench`.
struct SignalingFuzzBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signaling-fuzz", abstract: "Malformed signaling against a running server; counts answers and crashes.")

    @Option(help: "Base URL of a running `vigil serve`.")
    var server = "http://127.0.0.1:8080"

    @Option(help: "The server's admin key (to create the session the fuzzing joins).")
    var adminKey: String

    @Option(help: "The server's process id, to check it survived (optional).")
    var serverPid: Int32?

    /// One malformed input: the messages sent on one socket; the last one is the input counted
    /// (the ones before set the stage, e.g. a `join`).
    struct Input {
        var texts: [String]
    }

    static let join = #"{"type": "join"}"#
    static let host = "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host"

    static var corpus: [(String, [Input])] {
        func alone(_ texts: [String]) -> [Input] { texts.map { Input(texts: [$0]) } }
        func afterJoin(_ texts: [String]) -> [Input] { texts.map { Input(texts: [join, $0]) } }
        return [
            ("bad_json", alone(["{", #"{"type": "join""#, "[]", "null", #""join""#, #"{"type": "join",}"#, "\u{0}", String(repeating: "[", count: 5000)])),
            ("unknown_type", alone([#"{"type": "dance"}"#, #"{"type": ""}"#, #"{"type": 5}"#, "{}", #"{"kind": "join"}"#, #"{"type": "offer", "sdp": "v=0"}"#])),
            ("wrong_fields", alone([#"{"type": "join", "extra": 1}"#, #"{"type": "answer"}"#, #"{"type": "candidate", "candidate": 5, "sdpMLineIndex": 0}"#,
                                    #"{"type": "candidate", "candidate": "x", "sdpMLineIndex": "0"}"#])),
            ("out_of_order", alone([#"{"type": "answer", "sdp": "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"}"#,
                                    #"{"type": "candidate", "candidate": "\#(host)", "sdpMLineIndex": 0}"#])),
            ("invalid_sdp", afterJoin([#"{"type": "answer", "sdp": ""}"#, #"{"type": "answer", "sdp": "v=0"}"#,
                                       #"{"type": "answer", "sdp": "hello\r\nworld"}"#,
                                       #"{"type": "answer", "sdp": "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"}"#,
                                       #"{"type": "answer", "sdp": "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n"}"#])),
            ("invalid_candidate", afterJoin([#"{"type": "candidate", "candidate": "candidate:garbage", "sdpMLineIndex": 0}"#,
                                             #"{"type": "candidate", "candidate": "\#(host)", "sdpMLineIndex": 7}"#,
                                             #"{"type": "candidate", "candidate": "candidate:1 1 udp 1 999.1.1.1 9 typ host", "sdpMLineIndex": 0}"#,
                                             #"{"type": "candidate", "candidate": "candidate:1 1 udp 1 127.0.0.1 99999 typ host", "sdpMLineIndex": 0}"#,
                                             #"{"type": "candidate", "candidate": "candidate:1 1 sctp 1 127.0.0.1 9 typ host", "sdpMLineIndex": 1}"#])),
            ("oversized", alone([#"{"type": "answer", "sdp": ""# + String(repeating: "a", count: 1 << 20) + #""}"#,
                                 String(repeating: " ", count: 70 * 1024) + Self.join])),
        ]
    }

    func run() async throws {
        let api = LoadServerAPI(server: server, adminKey: adminKey)
        let session = try await api.createSession(title: "signaling fuzz")
        let url = LoadSignaling.url(server: server, session: session.id, token: session.interviewerToken)

        var tried: [String: Int] = [:], answered: [String: Int] = [:], silent: [String] = []
        for (name, inputs) in Self.corpus {
            for input in inputs {
                tried[name, default: 0] += 1
                let outcome = try await SignalingClient.exchange(url, sending: input.texts)
                // The staging `join` earns an offer; the input itself must earn an error or a close.
                if !outcome.errorCodes.isEmpty || !(outcome.closeReason ?? "").isEmpty {
                    answered[name, default: 0] += 1
                } else {
                    silent.append("\(name): \(input.texts.last?.prefix(60) ?? "")")
                }
            }
        }
        let healthy = await Self.healthy(server)
        let alive = serverPid.map { kill($0, 0) == 0 } ?? true
        // After all of it, a real join still gets an offer.
        let joinWorks = (try? await SignalingClient.exchange(url, sending: [Self.join]))?.messages.contains { $0["type"] == "offer" } ?? false
        try? await api.end(session: session.id)
        let total = tried.values.reduce(0, +)
        let object: [String: Any] = [
            "bench": "fuzz", "metric": "malformed_inputs_tried", "value": total, "unit": "inputs", "class": "signaling",
            "per_class": tried, "answered": answered.values.reduce(0, +), "unanswered": silent,
            "crashes": (healthy && alive) ? 0 : 1, "join_works_after": joinWorks,
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
        if !(healthy && alive && joinWorks) { throw ExitCode.failure }
    }

    static func healthy(_ server: String) async -> Bool {
        guard let url = URL(string: server + "/healthz") else { return false }
        return ((try? await URLSession.shared.data(from: url))?.1 as? HTTPURLResponse)?.statusCode == 200
    }
}
