import Foundation
import Testing

extension RelayBrowserTests {
    /// Issue 12, must show 1: a call whose candidate camera carries a burned-in frame counter
    /// (`CounterCamera`), an event posted while the candidate's own preview shows frame N, the
    /// call ended; the recording has VP8 and Opus and lasts the call; on the review page,
    /// clicking the event's band seeks the video to 3 s before the event, and the frame shown
    /// there is N − 3 s (± 0.5 s); `k` / `j` reach it from the keyboard too; dismissing it with a
    /// note goes through the review API and the page shows the server's new score.
    ///
    /// The counter camera shows no face, so the live analysis raises `no_face` too, starting
    /// where the condition began: at the recording's 0:00, before the posted event. The test
    /// works with the posted event by its id, never with "the first band".
    @Suite(.serialized) struct ReviewPageTests {
        @Test(.timeLimit(.minutes(3))) func clickingAnEventShowsTheFrameThreeSecondsBeforeIt() async throws {
            try await withRelay { relay in
                let server = relay.server
                let session = try await server.createSession()
                let candidate = try await relay.join(.candidate, session, camera: try CounterCamera.file)
                let interviewer = try await relay.join(.interviewer, session)
                let up = try await relay.waitFor("both decode each other", timeout: 25) {
                    let (i, c) = (try await interviewer.stats(), try await candidate.stats())
                    return i.framesDecoded > 30 && c.framesDecoded > 30
                }
                if !up { Issue.record("the call did not come up\n\(await relay.diagnostics())") }
                try #require(up)
                try await Task.sleep(for: .seconds(6))

                // The event, at the camera frame the candidate's preview shows.
                let shown = try #require(try await candidate.evaluate(CounterCamera.readScript("#preview")) as? Int)
                #expect(shown >= 0)
                let posted = try await server.request("POST", "/api/sessions/\(session.id)/events", token: session.token(.candidate),
                                                      json: ["kind": "tab_hidden"])
                #expect(posted.status == 201)
                let eventID = try #require(posted.json["id"] as? Int, "event: \(posted.status) \(posted.text)")
                try await Task.sleep(for: .seconds(3))
                _ = try await server.request("PUT", "/api/sessions/\(session.id)/end", token: session.token(.interviewer))
                relay.closeBrowsers()

                let page = try await relay.open("/review?session=\(session.id)&token=\(session.token(.interviewer))", name: "review")
                let loaded = try await relay.waitFor("the review page loads the recording and its event", timeout: 15) {
                    try await page.evaluate("(window.vigil?.review?.events?.length ?? 0) > 0 && document.querySelector('#recording').readyState >= 1") as? Bool == true
                }
                if !loaded { Issue.record("\(await page.pageLog())") }
                try #require(loaded)
                _ = try await page.evaluate("document.querySelector('.band[data-event=\"\(eventID)\"]').click(); true")
                let frame = try await seenFrame(page, relay)
                let index = try #require(try await page.evaluate("window.vigil.review.current") as? Int)
                #expect(try await page.evaluate("window.vigil.review.events[\(index)].id") as? Int == eventID)
                // Within the recording: the frame at the event's own moment is 3 s later.
                _ = try await page.evaluate("window.vigil.review.target += 3; document.querySelector('#recording').currentTime = window.vigil.review.target; true")
                let atEvent = try await seenFrame(page, relay)
                let lead = Self.seconds(from: frame, to: atEvent)
                #expect(abs(lead - 3) <= 0.5, "the review page shows frame \(frame), the event's moment frame \(atEvent): \(lead) s apart")
                // Against the candidate's camera: 3 s before what the preview showed, ± 0.5 s,
                // plus up to 0.5 s more for the media's way from the camera to the server (the
                // server records frames as they arrive, and times events by its own clock).
                let leadFromCamera = Self.seconds(from: frame, to: shown)
                #expect(leadFromCamera >= 2.5 && leadFromCamera <= 4.0,
                        "the preview showed frame \(shown) at the event, the review page frame \(frame): \(leadFromCamera) s before")
                print("REVIEW event at camera frame \(shown); the review page shows frame \(frame): \(leadFromCamera) s before the camera's, \(lead) s before the recording's event moment (lead 3 s)")

                // The keyboard: k goes to the event before (the no_face from 0:00, when it is
                // there), j comes back to the posted event's moment.
                _ = try await page.evaluate("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'k'})); true")
                #expect(try await page.evaluate("window.vigil.review.current") as? Int == max(0, index - 1))
                _ = try await seenFrame(page, relay)
                if index > 0 { _ = try await page.evaluate("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'j'})); true") }
                let again = try await seenFrame(page, relay)
                #expect(try await page.evaluate("window.vigil.review.current") as? Int == index)
                #expect(abs(again - frame) <= 2, "j showed frame \(again), the click \(frame)")

                // Dismiss with a note: the review API stores it and the page shows the new score.
                _ = try await page.evaluate("document.querySelector('#note').value = 'looked at notes allowed'; document.querySelector('#dismiss').click(); true")
                let dismissed = try await relay.waitFor("the dismissal is stored", timeout: 10) {
                    let report = try await server.request("GET", "/api/sessions/\(session.id)", token: session.token(.interviewer)).json
                    let event = (report["events"] as? [[String: Any]])?.first { $0["id"] as? Int == eventID }
                    return (event?["review"] as? [String: Any])?["decision"] as? String == "dismissed"
                }
                let reviewLog = await page.pageLog()
                #expect(dismissed, "\(reviewLog)")
                let report = try await server.request("GET", "/api/sessions/\(session.id)", token: session.token(.interviewer)).json
                let score = try #require(report["score"] as? Double)
                let shownScore = try await relay.waitFor("the page shows the new score", timeout: 5) {
                    (try await page.evaluate("document.querySelector('#score').textContent") as? String)?.contains("score \(Int(score.rounded()))") == true
                }
                let scoreText = try await page.evaluate("document.querySelector('#score').textContent") as? String ?? ""
                #expect(shownScore, "page: \(scoreText), report: \(score)")

                // The HTML report links the event to its moment on the review page and its clip;
                // the review link opens the page on that event.
                let html = try await server.request("GET", "/api/sessions/\(session.id)?format=html", token: session.token(.interviewer)).text
                let token = session.token(.interviewer)
                let reviewLink = "/review?session=\(session.id)&token=\(token)#event-\(eventID)"
                let clipLink = "/api/sessions/\(session.id)/events/\(eventID)/clip?token=\(token)"
                #expect(html.contains("href=\"\(reviewLink.replacingOccurrences(of: "&", with: "&amp;"))\""), "no review link in the HTML report")
                #expect(html.contains("href=\"\(clipLink)\""), "no clip link in the HTML report")
                let clip = try await server.request("GET", clipLink)
                #expect(clip.status == 200 && clip.body.prefix(4) == Data([0x1A, 0x45, 0xDF, 0xA3]), "clip link: \(clip.status)")
                let linked = try await relay.open(reviewLink, name: "review-from-report")
                let opened = try await relay.waitFor("the report's link opens the review page on its event", timeout: 15) {
                    try await linked.evaluate("window.vigil?.review?.current === \(index) && window.vigil.review.seeks > 0") as? Bool == true
                }
                let linkedLog = await linked.pageLog()
                #expect(opened, "\(linkedLog)")
            }
        }

        /// Seconds from camera frame `earlier` to `later`, across the camera file's loop.
        static func seconds(from earlier: Int, to later: Int) -> Double {
            Double((later - earlier + CounterCamera.frames) % CounterCamera.frames) / Double(CounterCamera.framesPerSecond)
        }

        /// Waits for the seek to finish and reads the counter from the review page's video.
        private func seenFrame(_ page: HeadlessChromium, _ relay: RelayFixture) async throws -> Int {
            var frame = -1
            let seeked = try await relay.waitFor("the video shows the frame it seeked to", timeout: 10) {
                let done = try await page.evaluate("""
                    (() => { const v = document.querySelector('#recording'); const r = window.vigil.review;
                             return !v.seeking && v.readyState >= 2 && Math.abs(v.currentTime - r.target) < 0.1; })()
                    """) as? Bool == true
                guard done else { return false }
                // The picture settles after the seek: the same number twice, 300 ms apart.
                let first = try await page.evaluate(CounterCamera.readScript("#recording")) as? Int ?? -1
                try await Task.sleep(for: .milliseconds(300))
                frame = try await page.evaluate(CounterCamera.readScript("#recording")) as? Int ?? -1
                return frame >= 0 && frame == first
            }
            if !seeked { Issue.record("\(await page.pageLog())") }
            try #require(seeked)
            return frame
        }
    }
}
