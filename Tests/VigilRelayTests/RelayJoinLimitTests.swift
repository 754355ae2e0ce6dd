import Foundation
import Testing
import VigilLoad

extension RelayBrowserTests {
    /// Issue 10, item 4: joins cannot hold pipelines forever or pile up. Raw signaling sockets
    /// (`SignalingClient`) that join but never answer, against the real server: each join builds
    /// a real pipeline, so these run with the browser suites.
    @Suite(.serialized) struct RelayJoinLimitTests {
        func signalURL(_ server: VigilServerProcess, _ session: String, token: String) -> String {
            "ws://127.0.0.1:\(server.port)/api/sessions/\(session)/signal?token=\(token)"
        }

        @Test(.timeLimit(.minutes(2))) func aJoinThatNeverAnswersIsDroppedAfterTheJoinTimeout() async throws {
            try await withRelay(environment: ["VIGIL_JOIN_TIMEOUT_SECONDS": "3"]) { relay in
                let server = relay.server
                let session = try await server.createSession()
                let before = try await server.metric("vigil_relay_pipelines") ?? 0
                let silent = Task {
                    try await SignalingClient.exchange(signalURL(server, session.id, token: session.token(.proctor)),
                                                       sending: [#"{"type": "join"}"#], linger: 8)
                }
                let held = try await relay.waitFor("the join's pipeline", timeout: 3) {
                    try await server.relayStatus(session)["live_pipelines"] as? Int == Int(before) + 1
                }
                let statusWhileHeld = try await server.relayStatus(session)
                #expect(held, "the join built a pipeline: \(statusWhileHeld)")

                let outcome = try await silent.value
                let offerAt = try #require(outcome.messages.firstIndex { $0["type"] == "offer" }.map { outcome.arrivals[$0] },
                                           "the join got an offer: \(outcome.messages)")
                let timeoutIndex = try #require(outcome.messages.firstIndex { $0["code"] == "join_timeout" },
                                                "the page is told: \(outcome.messages)")
                let waited = outcome.arrivals[timeoutIndex] - offerAt
                #expect(waited >= 2.9 && waited < 4.5, "dropped 3 s after the offer: \(waited) s")
                #expect(outcome.messages[timeoutIndex]["fatal"] == "true")
                #expect(outcome.closeCode == 1001, "the socket is closed for a rejoin: \(String(describing: outcome.closeCode)) \(outcome.closeReason ?? "")")
                let status = try await server.relayStatus(session)
                #expect(status["live_pipelines"] as? Int == Int(before), "its pipeline is gone: \(status)")
                #expect((status["participants"] as? [Any])?.isEmpty == true, "no participant left: \(status)")
                #expect(try await server.metric("vigil_relay_pipelines") == before, "vigil_relay_pipelines back to \(before)")
                let metrics = try await server.request("GET", "/metrics").text
                #expect(metrics.contains(#"vigil_signaling_refused_total{reason="join_timeout"} 1"#))

                // A page that leaves before the timeout is simply gone: no join_timeout follows.
                let quick = try await SignalingClient.exchange(signalURL(server, session.id, token: session.token(.proctor)),
                                                               sending: [#"{"type": "join"}"#, #"{"type": "leave"}"#], pause: 1, linger: 3)
                #expect(quick.messages.contains { $0["type"] == "offer" } && !quick.errorCodes.contains("join_timeout"),
                        "left in time: \(quick.errorCodes)")
            }
        }

        @Test(.timeLimit(.minutes(3))) func aNinthProctorIsRefusedWhileEightAreJoined() async throws {
            // A long join timeout: the eight must stay joined without answering while the ninth asks.
            try await withRelay(environment: ["VIGIL_JOIN_TIMEOUT_SECONDS": "60"]) { relay in
                let server = relay.server
                let session = try await server.createSession()
                let url = signalURL(server, session.id, token: session.token(.proctor))
                let eight = (1...8).map { _ in
                    Task { try await SignalingClient.exchange(url, sending: [#"{"type": "join"}"#], linger: 18) }
                }
                func proctorsJoined() async throws -> Int {
                    let participants = try await server.relayStatus(session)["participants"] as? [[String: Any]] ?? []
                    return participants.filter { $0["role"] as? String == "proctor" }.count
                }
                let allIn = try await relay.waitFor("eight proctors joined", timeout: 12) { try await proctorsJoined() == 8 }
                let joinedCount = try await proctorsJoined()
                try #require(allIn, "eight proctors joined: \(joinedCount)")

                let ninth = try await SignalingClient.exchange(url, sending: [#"{"type": "join"}"#, #"{"type": "leave"}"#], pause: 1)
                #expect(ninth.errorCodes == ["too_many_participants"], "the ninth proctor: \(ninth.messages)")
                #expect(ninth.messages.first { $0["code"] == "too_many_participants" }?["message"]?.contains("8 proctors") == true)
                #expect(!ninth.messages.contains { $0["type"] == "offer" }, "no offer, no pipeline for the ninth")
                #expect(try await proctorsJoined() == 8)
                #expect(try await server.relayStatus(session)["live_pipelines"] as? Int == 8)
                // The interviewer and the candidate are not proctors: they still get in.
                let interviewer = try await SignalingClient.exchange(signalURL(server, session.id, token: session.token(.interviewer)),
                                                                     sending: [#"{"type": "join"}"#, #"{"type": "leave"}"#], pause: 1)
                #expect(interviewer.messages.contains { $0["type"] == "offer" }, "the interviewer still joins: \(interviewer.errorCodes)")

                for proctor in eight {
                    let outcome = try await proctor.value
                    #expect(outcome.messages.contains { $0["type"] == "offer" } && outcome.errorCodes.isEmpty, "each of the eight: \(outcome.errorCodes)")
                }
                // Their sockets closed: their places are free again.
                let freed = try await relay.waitFor("places freed", timeout: 5) { try await proctorsJoined() == 0 }
                #expect(freed)
                let next = try await SignalingClient.exchange(url, sending: [#"{"type": "join"}"#, #"{"type": "leave"}"#], pause: 1)
                #expect(next.messages.contains { $0["type"] == "offer" } && next.errorCodes.isEmpty, "a proctor after they left: \(next.errorCodes)")
            }
        }
    }
}
