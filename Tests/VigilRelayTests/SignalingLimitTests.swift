import Foundation
import Testing
import VigilLoad

/// The signaling route's limits that need no pipeline (nobody joins a call here): the cap on live
/// sessions, the per-socket message rate, and the failure limit on the upgrade. Real server, real
/// sockets (`SignalingClient`).
@Suite("Signaling limits without a call") struct SignalingLimitTests {
    private func withServer(_ environment: [String: String], _ body: (VigilServerProcess) async throws -> Void) async throws {
        let server = VigilServerProcess(environment: environment)
        defer {
            server.stop()
            server.removeFiles()
        }
        try await server.start()
        do {
            try await body(server)
        } catch {
            Issue.record("\(error)\nserver log:\n\(server.log)")
            throw error
        }
    }

    private func signalURL(_ server: VigilServerProcess, _ session: String, token: String) -> String {
        "ws://127.0.0.1:\(server.port)/api/sessions/\(session)/signal?token=\(token)"
    }

    /// A refused upgrade, tried again (up to 3 times) while the client saw nothing at all from the
    /// server: the Swift WebSocket client now and then loses every frame of a socket the server
    /// closes at once (see `upgradeFailureLimit`). Only for refusals whose repetition changes nothing.
    private func refusal(_ url: String, linger: Double) async throws -> SignalingClient.Outcome {
        var outcome = try await SignalingClient.exchange(url, sending: [], linger: linger)
        for _ in 1..<3 where outcome.messages.isEmpty && outcome.closeCode == nil {
            outcome = try await SignalingClient.exchange(url, sending: [], linger: linger)
        }
        return outcome
    }

    @Test("a server at its cap of live sessions refuses a page of another session with server_full; pages of live sessions still get in; a freed place is taken")
    func liveSessionCap() async throws {
        try await withServer(["VIGIL_MAX_LIVE_SESSIONS": "2"]) { server in
            let first = try await server.createSession()
            let second = try await server.createSession()
            let third = try await server.createSession()
            // Two sessions made live by one open page each, held for 6 s.
            let holders = [first, second].map { session in
                Task { try await SignalingClient.exchange(signalURL(server, session.id, token: session.token(.interviewer)), sending: [], linger: 6) }
            }
            try await Task.sleep(for: .seconds(2))

            let refused = try await refusal(signalURL(server, third.id, token: third.token(.candidate)), linger: 1)
            #expect(refused.errorCodes == ["server_full"], "third session while two are live: \(refused.messages)")
            #expect(refused.messages.first { $0["code"] == "server_full" }?["fatal"] == "true")
            #expect(refused.closeCode == 4503, "closed with 4503: \(String(describing: refused.closeCode))")
            #expect(refused.closeReason?.contains("2 live sessions") == true, "with a reason: \(refused.closeReason ?? "none")")
            #expect(!refused.messages.contains { $0["type"] == "welcome" })

            // Another page of a session that is already live takes no new place.
            let secondPage = try await SignalingClient.exchange(signalURL(server, first.id, token: first.token(.proctor)), sending: [], linger: 0.5)
            #expect(secondPage.messages.first?["type"] == "welcome", "a second page of a live session: \(secondPage.messages)")

            for holder in holders { _ = try await holder.value }
            try await Task.sleep(for: .milliseconds(500))
            let admitted = try await SignalingClient.exchange(signalURL(server, third.id, token: third.token(.candidate)), sending: [], linger: 0.5)
            #expect(admitted.messages.first?["type"] == "welcome", "once the others' pages left: \(admitted.messages)")
            let metrics = try await server.request("GET", "/metrics").text
            #expect(metrics.contains(#"vigil_signaling_refused_total{reason="server_full"} 1"#), "counted: \(metrics.split(separator: "\n").filter { $0.contains("refused") })")
        }
    }

    @Test("a socket over 50 messages/s gets one rate_limited and stays open; one that keeps flooding is closed with 1008 and a reason")
    func messageRate() async throws {
        try await withServer([:]) { server in
            let session = try await server.createSession()
            let url = signalURL(server, session.id, token: session.token(.interviewer))
            // Candidates before a join are answered not_joined: one answer per message handled.
            let candidate = #"{"type": "candidate", "candidate": "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", "sdpMLineIndex": 0}"#

            let burst = try await SignalingClient.exchange(url, sending: Array(repeating: candidate, count: 80), pause: 0, linger: 1)
            let handled = burst.errorCodes.filter { $0 == "not_joined" }.count
            #expect((1...2).contains(burst.errorCodes.filter { $0 == "rate_limited" }.count), "one rate_limited per run of dropped messages, not one per message: \(burst.errorCodes.filter { $0 == "rate_limited" }.count)")
            #expect((50...70).contains(handled), "about the 50-message burst handled, the rest dropped: \(handled) of 80")
            #expect(burst.closeCode == nil, "still open: \(String(describing: burst.closeCode)) \(burst.closeReason ?? "")")

            let flood = try await SignalingClient.exchange(url, sending: Array(repeating: candidate, count: 400), pause: 0, linger: 1)
            #expect(flood.closeCode == 1008, "a flood closes with 1008: \(String(describing: flood.closeCode))")
            #expect(flood.closeReason?.contains("over 50 messages/s") == true, "with a reason: \(flood.closeReason ?? "none")")
            #expect(flood.messages.last?["code"] == "rate_limited" && flood.messages.last?["fatal"] == "true", "told why: \(flood.messages.suffix(2))")

            // At a page's pace (20 messages 30 ms apart) nothing is dropped.
            let paced = try await SignalingClient.exchange(url, sending: Array(repeating: candidate, count: 20), pause: 0.03, linger: 0.5)
            #expect(paced.errorCodes == Array(repeating: "not_joined", count: 20), "paced: \(paced.errorCodes)")
        }
    }

    @Test("the signaling upgrade counts wrong tokens per address (4429 once over), and a valid token is still let in right after")
    func upgradeFailureLimit() async throws {
        try await withServer(["VIGIL_MAX_AUTH_FAILURES_PER_MINUTE": "5"]) { server in
            let session = try await server.createSession()
            var codes: [Int?] = []
            for attempt in 1...8 {
                // Up to 5 s for the refusal to arrive (it ends the exchange at once): under load a
                // refusal once took over the 1 s this waited before, and read as no close at all.
                let wrong = try await SignalingClient.exchange(signalURL(server, session.id, token: "guess-\(attempt)"), sending: [], linger: 5)
                codes.append(wrong.closeCode)
            }
            // The Swift WebSocket client now and then sees no frame at all from a socket the server
            // refuses at once (nil: neither the error message nor the close came through; Python's
            // `websockets` saw 4401 on 12 of 12 such sockets). The server counts that attempt all the
            // same, so each code seen must be the one its position calls for: 4401 for the first 5,
            // 4429 after, with at least one of each seen.
            let expected = Array(repeating: 4401, count: 5) + Array(repeating: 4429, count: 3)
            #expect(zip(codes, expected).allSatisfy { seen, wanted in seen == nil || seen == wanted }
                        && codes.prefix(5).contains(4401) && codes.suffix(3).contains(4429),
                    "5 failures allowed, then 4429: \(codes)")
            let limited = try await refusal(signalURL(server, session.id, token: "guess-9"), linger: 1)
            #expect(limited.errorCodes == ["too_many_failures"] && limited.closeReason?.contains("wait") == true,
                    "told to wait: \(limited.messages) \(limited.closeReason ?? "")")
            // A probe of session ids counts as a failure too.
            let probe = try await refusal(signalURL(server, "no-such-session", token: session.token(.interviewer)), linger: 1)
            #expect(probe.closeCode == 4429)

            let honest = try await SignalingClient.exchange(signalURL(server, session.id, token: session.token(.interviewer)), sending: [], linger: 0.5)
            #expect(honest.messages.first?["type"] == "welcome", "a valid token right after the failures: \(honest.messages) \(String(describing: honest.closeCode))")
            // The API shares the count: a wrong token there is limited, a right one is not.
            #expect(try await server.request("GET", "/api/sessions/\(session.id)", token: "guess-api").status == 429)
            #expect(try await server.request("GET", "/api/sessions/\(session.id)", token: session.token(.interviewer)).status == 200)
        }
    }
}
