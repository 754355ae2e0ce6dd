import Foundation
import Testing
import VigilLoad

extension RelayBrowserTests {
    /// Issue 10, item 1: webrtcbin gathers (and emits candidates) while its offer is still being
    /// set, and a page that gets candidates before the offer can lose them. The server must send
    /// the offer first, then its candidates, then the end of candidates (an empty line), on
    /// every join; and an end of candidates from the page is accepted without an error.
    @Suite(.serialized) struct SignalingOrderTests {
        @Test(.timeLimit(.minutes(1))) func theOfferComesBeforeEveryServerCandidate() async throws {
            let server = VigilServerProcess()
            try await server.start()
            defer { server.stop(); server.removeFiles() }
            let links = try await server.createSession()
            let url = LoadSignaling.url(server: server.baseURL, session: links.id, token: links.token(.proctor))
            for join in 1...5 {
                let outcome = try await SignalingClient.exchange(url, sending: [
                    #"{"type": "join"}"#, #"{"type": "candidate", "candidate": "", "sdpMLineIndex": 0}"#, #"{"type": "leave"}"#,
                ], pause: 0.6, linger: 0.3)
                let types = outcome.messages.map { $0["type"] ?? "?" }
                let offer = types.firstIndex(of: "offer")
                let candidates = outcome.messages.enumerated().filter { $0.element["type"] == "candidate" }
                let order = "join \(join): \(types)"
                #expect(offer != nil, "no offer: \(order)")
                #expect(candidates.contains { !($0.element["candidate"] ?? "").isEmpty }, "no server candidate: \(order)")
                #expect(candidates.allSatisfy { $0.offset > (offer ?? Int.max) }, "a candidate before the offer: \(order)")
                #expect(candidates.last?.element["candidate"] == "", "the last candidate must be the end of candidates: \(order)")
                #expect(candidates.filter { $0.element["candidate"] == "" }.count == 1, "one end of candidates: \(order)")
                #expect(outcome.errorCodes.isEmpty, "the page's end of candidates is accepted: \(outcome.messages)")
            }
        }
    }
}
