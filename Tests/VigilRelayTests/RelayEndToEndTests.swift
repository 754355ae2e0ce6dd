import Foundation
import Testing

extension RelayBrowserTests {
    /// Must show 1: two headless Chromium instances in one session through the pages. Over 20 s the
    /// interviewer decodes ≥ 90 % of the frames the candidate sends at 640x480@30, the candidate
    /// receives the interviewer's video and audio, and the analysis appsink hands ≥ 25 fps to Swift.
    @Suite(.serialized) struct RelayEndToEndTests {
        @Test(.timeLimit(.minutes(2))) func twoBrowsersRelayThroughTheServer() async throws {
            try await withRelay { relay in
                let session = try await relay.server.createSession()
                let candidate = try await relay.join(.candidate, session)
                let interviewer = try await relay.join(.interviewer, session)

                // Both connected and the interviewer sees frames: the call is up.
                let up = try await relay.waitFor("both connected with video", timeout: 20) {
                    let (c, i) = (try await candidate.stats(), try await interviewer.stats())
                    return c.state == "connected" && i.state == "connected" && i.framesDecoded > 30 && c.framesDecoded > 30
                }
                guard up else {
                    Issue.record("the call did not come up\n\(await relay.diagnostics())")
                    return
                }

                // 20 s window.
                let (candidateBefore, interviewerBefore) = (try await candidate.stats(), try await interviewer.stats())
                let analysisBefore = try await relay.server.analysisFrames(session: session.id)
                let started = Date()
                try await Task.sleep(for: .seconds(20))
                let (candidateAfter, interviewerAfter) = (try await candidate.stats(), try await interviewer.stats())
                let analysisAfter = try await relay.server.analysisFrames(session: session.id)
                let seconds = Date().timeIntervalSince(started)

                let sent = candidateAfter.framesSent - candidateBefore.framesSent
                let decoded = interviewerAfter.framesDecoded - interviewerBefore.framesDecoded
                let ratio = decoded / max(sent, 1)
                let sentFPS = sent / seconds
                let analysisFPS = (analysisAfter - analysisBefore) / seconds
                let report = "candidate sent \(Int(sent)) frames (\(String(format: "%.1f", sentFPS)) fps, \(Int(candidateAfter.sentWidth)) wide, limit \(candidateAfter.qualityLimitation)); "
                    + "interviewer decoded \(Int(decoded)) (\(String(format: "%.1f", ratio * 100)) %) at \(Int(interviewerAfter.receivedWidth))x\(Int(interviewerAfter.receivedHeight)); "
                    + "analysis \(String(format: "%.1f", analysisFPS)) fps"
                print("RELAY-E2E \(report)")
                print("RELAY-E2E relay status \(try await relay.server.relayStatus(session))")
                print("RELAY-E2E interviewer inbound \(String(describing: (interviewerAfter["inbound"] as? [String: Any])?["video"]))")

                #expect(candidateAfter.sentWidth == 640, "candidate must send 640x480: \(report)")
                #expect(sentFPS >= 25, "candidate must send ~30 fps: \(report)")
                #expect(ratio >= 0.9, "interviewer must decode ≥ 90 % of the frames sent: \(report)")
                #expect(analysisFPS >= 25, "the analysis appsink must deliver ≥ 25 fps to Swift: \(report)")
                // The candidate receives the interviewer's video and audio.
                #expect(candidateAfter.framesDecoded - candidateBefore.framesDecoded >= 20 * 20, "candidate video from the interviewer: \(report)")
                #expect(candidateAfter.audioSamplesReceived - candidateBefore.audioSamplesReceived >= 48_000 * 15, "candidate audio from the interviewer")
                #expect(interviewerAfter.audioSamplesReceived - interviewerBefore.audioSamplesReceived >= 48_000 * 15, "interviewer audio from the candidate")
            }
        }
    }
}
