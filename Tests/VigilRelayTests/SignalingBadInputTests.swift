import Foundation
import Testing
import VigilLoad

extension RelayBrowserTests {
    /// Must show 4: malformed JSON, an unknown type, invalid SDP, a wrong token and a 1 MiB message
    /// each get an error message or a close with a reason, while a call in the same session and
    /// sessions elsewhere go on.
    @Suite(.serialized) struct SignalingBadInputTests {
        func signalURL(_ server: VigilServerProcess, _ session: String, token: String) -> String {
            "ws://127.0.0.1:\(server.port)/api/sessions/\(session)/signal?token=\(token)"
        }

        @Test(.timeLimit(.minutes(2))) func badInputIsAnsweredAndTheCallsGoOn() async throws {
            try await withRelay { relay in
                let server = relay.server
                let live = try await relay.server.createSession()
                let other = try await relay.server.createSession()
                let candidate = try await relay.join(.candidate, live)
                let interviewer = try await relay.join(.interviewer, live)
                let up = try await relay.waitFor("call up", timeout: 20) { try await interviewer.stats().framesDecoded > 30 }
                try #require(up, "the call did not come up")

                // In the live session (as a proctor, who never replaces anyone) and in another one.
                for (session, token) in [(live.id, live.token(.proctor)), (other.id, other.token(.interviewer))] {
                    let url = signalURL(server, session, token: token)

                    let malformed = try await SignalingClient.exchange(url, sending: [#"{"type": "join""#, #"{"type": "join",}"#, #"{"type": "leave"}"#])
                    #expect(malformed.errorCodes == ["bad_json", "bad_json"], "malformed JSON, trailing comma: \(malformed.messages)")
                    #expect(!malformed.messages.contains { $0["type"] == "offer" }, "a join with a trailing comma is not a join")

                    let unknown = try await SignalingClient.exchange(url, sending: [#"{"type": "dance"}"#, #"{"type": "leave"}"#])
                    #expect(unknown.errorCodes == ["invalid_message"], "unknown type: \(unknown.messages)")
                    #expect(unknown.messages.first { $0["type"] == "error" }?["message"]?.contains("unknown message type 'dance'") == true)

                    let invalidSDP = try await SignalingClient.exchange(url, sending: [
                        #"{"type": "join"}"#, #"{"type": "answer", "sdp": "v=0\r\nthis is not a session description"}"#, #"{"type": "leave"}"#,
                    ], pause: 0.8)
                    #expect(invalidSDP.messages.contains { $0["type"] == "offer" }, "join still works on that socket: \(invalidSDP.messages)")
                    #expect(invalidSDP.errorCodes == ["invalid_sdp"], "invalid SDP: \(invalidSDP.errorCodes)")

                    let outOfOrder = try await SignalingClient.exchange(url, sending: [
                        #"{"type": "answer", "sdp": "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"}"#,
                        #"{"type": "candidate", "candidate": "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", "sdpMLineIndex": 0}"#,
                        #"{"type": "leave"}"#,
                    ])
                    #expect(outOfOrder.errorCodes == ["not_joined", "not_joined"], "answer and candidate before join: \(outOfOrder.messages)")

                    let badCandidates = try await SignalingClient.exchange(url, sending: [
                        #"{"type": "join"}"#,
                        #"{"type": "candidate", "candidate": "candidate:garbage", "sdpMLineIndex": 0}"#,
                        #"{"type": "candidate", "candidate": "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", "sdpMLineIndex": 7}"#,
                        #"{"type": "candidate", "candidate": "candidate:1 1 udp 2122260223 999.1.1.1 50000 typ host", "sdpMLineIndex": 0}"#,
                        #"{"type": "leave"}"#,
                    ], pause: 0.8)
                    #expect(badCandidates.messages.contains { $0["type"] == "offer" }, "join still works on that socket: \(badCandidates.messages)")
                    // The schema already refuses an m-line other than 0 or 1; the relay refuses the rest.
                    #expect(badCandidates.errorCodes == ["invalid_candidate", "invalid_message", "invalid_candidate"],
                            "malformed candidate, unknown m-line, bad address: \(badCandidates.messages)")

                    let wrongToken = try await SignalingClient.exchange(signalURL(server, session, token: "not-a-token-of-this-session"), sending: [#"{"type": "join"}"#])
                    #expect(wrongToken.closeCode == 4401, "wrong token closes with 4401: \(String(describing: wrongToken.closeCode))")
                    #expect(wrongToken.closeReason?.contains("does not belong to session") == true, "with a reason: \(wrongToken.closeReason ?? "none")")
                    #expect(!wrongToken.messages.contains { $0["type"] == "offer" || $0["type"] == "welcome" })

                    let huge = #"{"type": "answer", "sdp": ""# + String(repeating: "a", count: 1 << 20) + #""}"#
                    let tooLarge = try await SignalingClient.exchange(url, sending: [huge])
                    #expect(tooLarge.errorCodes == ["message_too_large"], "1 MiB: \(tooLarge.errorCodes)")
                    #expect(tooLarge.closeCode == 1009 && tooLarge.closeReason?.contains("64 KiB") == true,
                            "1 MiB closes with 1009 and a reason: \(String(describing: tooLarge.closeCode)) \(tooLarge.closeReason ?? "")")
                }

                // A second candidate on the live candidate's link is refused; the first stays in the call.
                let second = try await SignalingClient.exchange(signalURL(server, live.id, token: live.token(.candidate)),
                                                                sending: [#"{"type": "join"}"#, #"{"type": "leave"}"#], pause: 1)
                #expect(second.errorCodes == ["already_in_call"], "second candidate: \(second.messages)")
                #expect(!second.messages.contains { $0["type"] == "offer" }, "no offer for the second candidate")

                // The live call went on through all of it, and the server still answers.
                let before = try await interviewer.stats().framesDecoded
                let analysisBefore = try await server.analysisFrames(session: live.id)
                try await Task.sleep(for: .seconds(3))
                let decoded = try await interviewer.stats().framesDecoded - before
                let analysed = try await server.analysisFrames(session: live.id) - analysisBefore
                #expect(decoded >= 60, "the interviewer kept decoding (\(decoded) frames in 3 s)")
                #expect(analysed >= 60, "the analysis kept receiving (\(analysed) frames in 3 s)")
                #expect(try await candidate.state() == "connected")
                #expect(try await server.request("GET", "/healthz").status == 200)
                // The other session still takes a real participant.
                let proctorOfOther = try await SignalingClient.exchange(signalURL(server, other.id, token: other.token(.proctor)),
                                                                        sending: [#"{"type": "join"}"#, #"{"type": "leave"}"#], pause: 1)
                #expect(proctorOfOther.messages.contains { $0["type"] == "offer" }, "other session still offers: \(proctorOfOther.messages)")
            }
        }
    }
}
