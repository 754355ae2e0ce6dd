import Foundation
import Testing

extension RelayBrowserTests {
    /// Must show 3: the interviewer joins 5 s after the candidate, a proctor joins mid-call, the
    /// candidate reloads the page mid-call; each time video flows to every receiver within 3 s.
    ///
    /// The clock is the pages' own (`Date.now()` in `window.vigil.stats()`): from the moment a page
    /// sends `join` (`joinSentAt`) to the first poll of `getStats` that shows the receiver decoded 3
    /// more frames than at that moment. Polling adds up to one poll interval (~50–200 ms), so the
    /// figures are upper bounds. Chromium's own start-up is not counted (it is not the relay's).
    @Suite(.serialized) struct RelayLateJoinTests {
        static let limit = 3.0

        @Test(.timeLimit(.minutes(3))) func lateInterviewerProctorMidCallAndCandidateReload() async throws {
            try await withRelay { relay in
                let session = try await relay.server.createSession()

                // The candidate alone first.
                let candidate = try await relay.join(.candidate, session)
                let candidateJoined = try await relay.joinSent(candidate)
                let alone = try await relay.waitFor("candidate connected", timeout: 15) { try await candidate.state() == "connected" }
                if !alone { Issue.record("the candidate did not connect alone\n\(await relay.diagnostics())") }
                try #require(alone)

                // The interviewer joins 5 s after the candidate.
                let wait = candidateJoined / 1000 + 5 - Date().timeIntervalSince1970
                if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
                let interviewer = try await relay.join(.interviewer, session)
                let interviewerJoined = try await relay.joinSent(interviewer)
                let gap = (interviewerJoined - candidateJoined) / 1000
                #expect(gap >= 5, "the interviewer must join ≥ 5 s after the candidate (joined \(gap) s after)")
                let late = try await relay.secondsToFrames([("interviewer ← candidate", interviewer, 0), ("candidate ← interviewer", candidate, 0)],
                                                           since: interviewerJoined)
                print("RELAY-LATE interviewer joined \(String(format: "%.1f", gap)) s after the candidate: \(late.summary)")
                for (name, seconds) in late.seconds {
                    let within = seconds.map { $0 <= Self.limit } == true
                    let diagnostics = within ? "" : await relay.diagnostics()
                    #expect(within, "late interviewer: \(name) after \(late.summary)\n\(diagnostics)")
                }

                // A proctor joins mid-call: the proctor gets the candidate, the interviewer keeps it.
                try await Task.sleep(for: .seconds(2))
                let proctor = try await relay.join(.proctor, session)
                let proctorJoined = try await relay.joinSent(proctor)
                let interviewerAtProctorJoin = try await interviewer.stats().framesDecoded
                let mid = try await relay.secondsToFrames([("proctor ← candidate", proctor, 0), ("interviewer ← candidate", interviewer, interviewerAtProctorJoin)],
                                                          since: proctorJoined)
                print("RELAY-LATE proctor joined mid-call: \(mid.summary)")
                for (name, seconds) in mid.seconds {
                    let within = seconds.map { $0 <= Self.limit } == true
                    let diagnostics = within ? "" : await relay.diagnostics()
                    #expect(within, "proctor mid-call: \(name) after \(mid.summary)\n\(diagnostics)")
                }

                // The candidate reloads the page, ticks consent and joins again.
                try await Task.sleep(for: .seconds(2))
                let reloadedAt = Date().timeIntervalSince1970 * 1000
                try await candidate.reload()
                try await relay.pressJoin(candidate)
                let rejoined = try await relay.joinSent(candidate, after: reloadedAt)
                let (interviewerAtRejoin, proctorAtRejoin) = (try await interviewer.stats().framesDecoded, try await proctor.stats().framesDecoded)
                let back = try await relay.secondsToFrames([("interviewer ← candidate", interviewer, interviewerAtRejoin),
                                                            ("proctor ← candidate", proctor, proctorAtRejoin),
                                                            ("candidate ← interviewer", candidate, 0)], since: rejoined)
                print("RELAY-LATE candidate reloaded (join sent \(String(format: "%.1f", (rejoined - reloadedAt) / 1000)) s after the reload): \(back.summary)")
                for (name, seconds) in back.seconds {
                    let within = seconds.map { $0 <= Self.limit } == true
                    let diagnostics = within ? "" : await relay.diagnostics()
                    #expect(within, "candidate reload: \(name) after \(back.summary)\n\(diagnostics)")
                }
                // Exactly one candidate in the call after the reload.
                let status = try await relay.server.relayStatus(session)
                let roles = (status["participants"] as? [[String: Any]] ?? []).compactMap { $0["role"] as? String }
                #expect(roles.sorted() == ["candidate", "interviewer", "proctor"], "participants after the reload: \(roles)")
            }
        }
    }
}

extension RelayFixture {
    /// The page's `joinSentAt` (ms, page clock) once it is set and later than `after`.
    func joinSent(_ browser: HeadlessChromium, after: Double = 0, timeout: Double = 15) async throws -> Double {
        var sent: Double?
        _ = try await waitFor("\(browser.name) sent join", timeout: timeout) {
            sent = try await browser.stats().joinSentAt.flatMap { $0 > after ? $0 : nil }
            return sent != nil
        }
        guard let sent else { throw TestFailure("\(browser.name) did not send join\n\(await diagnostics())") }
        return sent
    }

    struct FlowTimes {
        var seconds: [(String, Double?)]
        var summary: String {
            seconds.map { "\($0.0) \($0.1.map { String(format: "%.2f s", $0) } ?? "no frames in 10 s")" }.joined(separator: ", ")
        }
    }

    /// For each receiver, seconds from `since` (page clock, ms) until it decoded 3 frames more
    /// than `baseline`; nil if that did not happen within `timeout` seconds.
    func secondsToFrames(_ receivers: [(String, HeadlessChromium, Double)], since: Double, timeout: Double = 10) async throws -> FlowTimes {
        var results: [String: Double] = [:]
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, results.count < receivers.count {
            for (name, browser, baseline) in receivers where results[name] == nil {
                let stats = try await browser.stats()
                if stats.framesDecoded >= baseline + 3 { results[name] = (stats.at - since) / 1000 }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return FlowTimes(seconds: receivers.map { ($0.0, results[$0.0]) })
    }
}
