import Foundation
import Testing

extension RelayBrowserTests {
    /// The candidate's pre-check in headless Chromium against the server's detectors: while the
    /// camera shows an empty room Join stays disabled with the server's plain reason; once a face
    /// appears the check passes, Join is enabled, and the call comes up.
    @Suite(.serialized) struct PreCheckBrowserTests {
        static let reading = """
            (() => ({ disabled: document.querySelector('#join').disabled,
                      reason: document.querySelector('#join-reason').textContent,
                      check: document.querySelector('#camera-check').textContent,
                      level: window.vigil.microphoneLevelMax ?? 0,
                      checks: window.vigil.precheck?.checks ?? 0, passed: window.vigil.precheck?.passed ?? false,
                      faces: window.vigil.precheck?.faces ?? -1 }))()
            """

        @Test(.timeLimit(.minutes(4))) func joinStaysDisabledInAnEmptyRoomAndIsEnabledWhenAFaceAppears() async throws {
            try await withRelay(environment: ["VIGIL_PRECHECK": "on"]) { relay in
                let session = try await relay.server.createSession()
                let candidate = HeadlessChromium(name: "precheck candidate")
                defer { candidate.close() }
                try await candidate.open(session.link(.candidate), camera: try PreCheckCamera.file)
                _ = try await candidate.evaluate("document.querySelector('#consent').click(); true")

                // The empty room: the server answers (the first answer also loads its detectors),
                // no face, and Join stays disabled with the reason under it.
                var page: [String: Any] = [:]
                let refused = try await relay.waitFor("the server's check says no face", timeout: 90) {
                    page = try await candidate.evaluate(Self.reading) as? [String: Any] ?? [:]
                    return (page["checks"] as? Double ?? 0) >= 1 && (page["check"] as? String ?? "").contains("face is not visible")
                }
                if !refused { Issue.record("page: \(page)\n\(await candidate.pageLog())") }
                #expect(page["disabled"] as? Bool == true, "Join disabled in an empty room: \(page)")
                #expect(page["passed"] as? Bool == false)
                #expect(page["faces"] as? Double == 0)
                #expect((page["reason"] as? String ?? "").contains("camera check"), "a plain reason by the button: \(page)")
                try await DevToolsSteps.screenshot(browserURL: candidate.devToolsURL, width: 1280, height: 800,
                                                   to: DevToolsSteps.screenshotFile("candidate-precheck-empty-1280x800.png"))
                // It stays disabled over several checks while the room is empty.
                try await Task.sleep(for: .seconds(4))
                page = try await candidate.evaluate(Self.reading) as? [String: Any] ?? [:]
                if page["faces"] as? Double == 0 { #expect(page["disabled"] as? Bool == true, "\(page)") }

                // The face appears (15 s into the clip): two passing checks enable Join.
                let enabled = try await relay.waitFor("Join is enabled once the face is in view", timeout: 40) {
                    page = try await candidate.evaluate(Self.reading) as? [String: Any] ?? [:]
                    return page["disabled"] as? Bool == false
                }
                if !enabled { Issue.record("page: \(page)\n\(await candidate.pageLog())") }
                #expect(page["passed"] as? Bool == true)
                #expect(page["faces"] as? Double == 1)
                #expect(page["reason"] as? String == "")
                #expect(page["check"] as? String == "Your face is visible and well lit.")
                #expect((page["level"] as? Double ?? 0) > 0.05, "the fake microphone's beeps move the level meter: \(page)")
                try await DevToolsSteps.screenshot(browserURL: candidate.devToolsURL, width: 1280, height: 800,
                                                   to: DevToolsSteps.screenshotFile("candidate-precheck-passed-1280x800.png"))
                try await DevToolsSteps.screenshot(browserURL: candidate.devToolsURL, width: 390, height: 844, mobile: true,
                                                   to: DevToolsSteps.screenshotFile("candidate-precheck-passed-390x844.png"))

                _ = try await candidate.evaluate("document.querySelector('#join').click(); true")
                let connected = try await relay.waitFor("the candidate's call comes up", timeout: 25) {
                    try await candidate.state() == "connected"
                }
                #expect(connected)
            }
        }
    }
}
