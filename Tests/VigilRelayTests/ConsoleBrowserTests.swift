import Foundation
import Testing

extension RelayBrowserTests {
    /// The live console in headless Chromium: every live session a muted tile whose video
    /// decodes, the riskiest (lowest score) first; a click watches one large with its audio.
    @Suite(.serialized) struct ConsoleBrowserTests {
        @Test(.timeLimit(.minutes(3))) func consoleShowsLiveCallsAsTilesRiskiestFirst() async throws {
            try await withRelay { relay in
                let server = relay.server
                let calm = try await server.createSession()
                let risky = try await server.createSession()
                let steady = try await server.createSession()
                let idle = try await server.createSession()  // nobody joins: not live, no tile
                let calmCandidate = try await relay.join(.candidate, calm, name: "calm candidate")
                _ = try await relay.join(.candidate, risky, name: "risky candidate")
                _ = try await relay.join(.candidate, steady, name: "steady candidate")
                // A proctor's phone report: 15 points, more than the page events headless windows
                // may raise on either session (a blur when another browser opens).
                let posted = try await server.request("POST", "/api/sessions/\(risky.id)/events", token: risky.token(.proctor), json: ["kind": "phone", "confidence": 0.9])
                #expect(posted.status == 201)

                let console = HeadlessChromium(name: "console")
                defer { console.close() }
                try await console.open(server.baseURL + "/console", camera: nil)
                #expect(try await console.evaluate("window.vigil.state") as? String == "signed-out")
                _ = try await console.evaluate("""
                    document.querySelector('#key').value = '\(VigilServerProcess.adminKey)';
                    document.querySelector('#signin-form').requestSubmit(); true
                    """)

                var last: [[String: Any]] = []
                let decoding = try await relay.waitFor("the three tiles decode their calls", timeout: 60) {
                    last = try await console.evaluate("window.vigil.tiles()") as? [[String: Any]] ?? []
                    return last.count == 3 && last.allSatisfy { ($0["framesDecoded"] as? Double ?? 0) > 15 }
                }
                if !decoding { Issue.record("tiles: \(last)\n\(await relay.diagnostics())") }
                #expect(Set(last.compactMap { $0["session"] as? String }) == [calm.id, risky.id, steady.id], "live sessions only, not \(idle.id)")
                #expect(last.allSatisfy { $0["muted"] as? Bool == true }, "tiles are muted")
                // Decoding, not just connected: the frame counts keep rising on every tile.
                try await Task.sleep(for: .seconds(2))
                let later = try await console.evaluate("window.vigil.tiles()") as? [[String: Any]] ?? []
                for tile in later {
                    let before = last.first { $0["session"] as? String == tile["session"] as? String }?["framesDecoded"] as? Double ?? 0
                    #expect((tile["framesDecoded"] as? Double ?? 0) > before + 10, "\(tile["session"] ?? "?") keeps decoding")
                }
                let order = try await console.evaluate("window.vigil.order()") as? [String]
                #expect(order?.first == risky.id, "the lower score (a phone: 15 points) first: \(order ?? [])")
                #expect(Set(order ?? []) == [calm.id, risky.id, steady.id])
                try await DevToolsSteps.screenshot(browserURL: console.devToolsURL, width: 1280, height: 800,
                                                   to: DevToolsSteps.screenshotFile("console-1280x800.png"))

                // A click watches the call large, with its sound.
                _ = try await console.evaluate("document.querySelector('.tile[data-session=\"\(calm.id)\"]').click(); true")
                #expect(try await console.evaluate("window.vigil.focused()") as? String == calm.id)
                #expect(try await console.evaluate("document.querySelector('#focus').hidden") as? Bool == false)
                #expect(try await console.evaluate("document.querySelector('#focus-video video').muted") as? Bool == false)
                try await DevToolsSteps.screenshot(browserURL: console.devToolsURL, width: 1280, height: 800,
                                                   to: DevToolsSteps.screenshotFile("console-focused-1280x800.png"))

                // A message sent from the large view appears on that candidate's page and is
                // kept with the session.
                _ = try await console.evaluate("""
                    document.querySelector('#message-text').value = 'Please keep your face in view of the camera.';
                    document.querySelector('#message-form').requestSubmit(); true
                    """)
                let shown = try await relay.waitFor("the candidate's page shows the message", timeout: 10) {
                    (try await calmCandidate.evaluate("document.querySelector('#proctor-message')?.textContent ?? ''") as? String ?? "")
                        .hasSuffix("Please keep your face in view of the camera.")
                }
                if !shown { Issue.record("candidate page: \(await calmCandidate.pageLog())") }
                let stored = try await server.request("GET", "/api/sessions/\(calm.id)/messages", token: calm.token(.proctor))
                let messages = stored.json["messages"] as? [[String: Any]] ?? []
                #expect(messages.count == 1)
                #expect(messages.first?["text"] as? String == "Please keep your face in view of the camera.")
                #expect(messages.first?["sender"] as? String == "admin")
                try await DevToolsSteps.screenshot(browserURL: calmCandidate.devToolsURL, width: 1280, height: 800,
                                                   to: DevToolsSteps.screenshotFile("candidate-message-1280x800.png"))

                // An ended session's tile goes away at the next poll.
                let ended = try await server.request("PUT", "/api/sessions/\(risky.id)/end", token: VigilServerProcess.adminKey)
                #expect(ended.status == 200)
                let gone = try await relay.waitFor("the ended session's tile is removed", timeout: 10) {
                    Set(try await console.evaluate("window.vigil.order()") as? [String] ?? []) == [calm.id, steady.id]
                }
                #expect(gone)
            }
        }
    
        /// The large view's event feed: the session's stored events with Confirm and Dismiss; a
        /// decision goes to the review API and the score shown (large view and tile) follows it.
        @Test(.timeLimit(.minutes(3))) func confirmOrDismissAnEventFromTheLargeViewUpdatesTheScore() async throws {
            try await withRelay { relay in
                let server = relay.server
                let session = try await server.createSession()
                _ = try await relay.join(.candidate, session, name: "candidate")
                let posted = try await server.request("POST", "/api/sessions/\(session.id)/events", token: session.token(.proctor), json: ["kind": "phone", "confidence": 0.9])
                #expect(posted.status == 201)
                let eventID = (posted.json["id"] as? NSNumber)?.intValue ?? -1
                let scoreBefore = try await server.request("GET", "/api/sessions/\(session.id)", token: VigilServerProcess.adminKey).json["score"] as? Double ?? -1

                let console = HeadlessChromium(name: "console")
                defer { console.close() }
                try await console.open(server.baseURL + "/console", camera: nil)
                _ = try await console.evaluate("""
                    document.querySelector('#key').value = '\(VigilServerProcess.adminKey)';
                    document.querySelector('#signin-form').requestSubmit(); true
                    """)
                let tiled = try await relay.waitFor("the session's tile", timeout: 20) {
                    try await console.evaluate("window.vigil.order()") as? [String] == [session.id]
                }
                #expect(tiled)
                _ = try await console.evaluate("document.querySelector('.tile[data-session=\"\(session.id)\"]').click(); true")
                var rows: [[String: Any]] = []
                let listed = try await relay.waitFor("the stored phone event is listed with Confirm and Dismiss", timeout: 10) {
                    rows = try await console.evaluate("window.vigil.focusEvents()") as? [[String: Any]] ?? []
                    return rows.contains { ($0["id"] as? Double).map(Int.init) == eventID && $0["buttons"] as? Double == 2 }
                }
                if !listed { Issue.record("rows: \(rows)") }
                let scoreShown = try await relay.waitFor("the large view shows the running score", timeout: 10) {
                    (try await console.evaluate("window.vigil.focusScore()") as? String ?? "").hasPrefix("score \(Int(scoreBefore.rounded()))")
                }
                #expect(scoreShown)

                func decide(_ decision: String) async throws -> (page: String, stored: [String: Any]) {
                    _ = try await console.evaluate("""
                        document.querySelector('#focus-events li[data-event-id="\(eventID)"] button[data-decision="\(decision)"]').click(); true
                        """)
                    var report: [String: Any] = [:]
                    _ = try await relay.waitFor("the \(decision) decision is stored and shown", timeout: 10) {
                        report = try await server.request("GET", "/api/sessions/\(session.id)", token: VigilServerProcess.adminKey).json
                        let event = (report["events"] as? [[String: Any]] ?? []).first { ($0["id"] as? NSNumber)?.intValue == eventID }
                        let shown = try await console.evaluate("window.vigil.focusEvents()") as? [[String: Any]] ?? []
                        return (event?["review"] as? [String: Any])?["decision"] as? String == decision
                            && shown.contains { $0["decision"] as? String == decision }
                    }
                    return (try await console.evaluate("window.vigil.focusScore()") as? String ?? "", report)
                }

                let dismissed = try await decide("dismissed")
                let dismissedScore = dismissed.stored["score"] as? Double ?? -1
                #expect(dismissedScore > scoreBefore, "a dismissed phone no longer counts: \(scoreBefore) → \(dismissedScore)")
                #expect(dismissed.page.hasPrefix("score \(Int(dismissedScore.rounded()))"), "the large view shows the new score: \(dismissed.page)")
                let tileScore = try await console.evaluate("document.querySelector('.tile .tile-score').textContent") as? String ?? ""
                #expect(tileScore.hasPrefix("score \(Int(dismissedScore.rounded()))"), "and so does the tile: \(tileScore)")
                try await DevToolsSteps.screenshot(browserURL: console.devToolsURL, width: 1280, height: 800,
                                                   to: DevToolsSteps.screenshotFile("console-dismissed-1280x800.png"))

                let confirmed = try await decide("confirmed")
                let confirmedScore = confirmed.stored["score"] as? Double ?? -1
                #expect(confirmedScore < dismissedScore, "a confirmed phone counts again: \(dismissedScore) → \(confirmedScore)")
                #expect(confirmed.page.hasPrefix("score \(Int(confirmedScore.rounded()))"), "\(confirmed.page)")
                let rate = try await relay.waitFor("the large view shows the analysis rate", timeout: 10) {
                    (try await console.evaluate("document.querySelector('#focus-rate').textContent") as? String ?? "").hasPrefix("analysis ")
                }
                #expect(rate, "the analysis rate is the proctor's figure, shown in the console's large view")
            }
        }
}
}
