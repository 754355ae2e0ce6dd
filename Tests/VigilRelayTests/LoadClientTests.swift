import Foundation
import Testing
import VigilLoad

extension RelayBrowserTests {
    /// The load client (issue 7, load): one session joined by the client's own webrtcbin peers,
    /// no browser. The candidate peer sends a face photo as live 640x480@30 VP8; over 10 s the
    /// interviewer peer must decode ≥ 25 fps at 640x480, the candidate must receive the
    /// interviewer's video, the relay route must report the live detectors' rate, and the
    /// detectors must have found the face (its green box drawn into the relayed video) without
    /// seeing several faces.
    @Suite(.serialized) struct LoadClientTests {
        static let photo = VigilServerProcess.repository
            .appendingPathComponent("../shared/media/faces/frontal/grace_hopper_frontal.jpg").standardizedFileURL.path

        @Test(.timeLimit(.minutes(2))) func loadPeersHoldACall() async throws {
            let server = VigilServerProcess()
            try await server.start()
            defer { server.stop(); server.removeFiles() }
            let links = try await server.createSession()
            let load = LoadSession(server: server.baseURL, session: links.id, candidateToken: links.token(.candidate),
                                   interviewerToken: links.token(.interviewer), media: LoadMedia(photo: Self.photo))
            load.start()
            let up = await load.waitUntilFlowing(timeout: .seconds(30))
            guard up else {
                await load.stop()
                Issue.record("the call did not come up: \(load.counts)\n\(server.log)")
                return
            }
            try await Task.sleep(for: .seconds(2))  // let the interviewer's stream settle after the first key frame

            let before = load.counts
            let started = ContinuousClock.now
            try await Task.sleep(for: .seconds(10))
            let after = load.counts
            let relay = try await server.relayStatus(links)
            let seconds = (ContinuousClock.now - started) / .seconds(1)
            await load.stop()
            let report = try await server.request("GET", "/api/sessions/\(links.id)", token: links.token(.interviewer)).json
            let kinds = (report["events"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }

            let interviewerFPS = Double(after.interviewer.videoFrames - before.interviewer.videoFrames) / seconds
            let candidateFPS = Double(after.candidate.videoFrames - before.candidate.videoFrames) / seconds
            let analysisFPS = relay["analysis_fps"] as? Double ?? -1
            let summary = "interviewer decoded \(String(format: "%.1f", interviewerFPS)) fps at \(after.interviewer.width)x\(after.interviewer.height); "
                + "candidate received \(String(format: "%.1f", candidateFPS)) fps; analysis \(analysisFPS) fps; "
                + "face box pixels \(after.interviewer.faceBoxPixels) (max \(after.interviewer.faceBoxPixelsMax)); events \(kinds); "
                + "problems \(after.candidate.problems + after.interviewer.problems)"
            print("LOAD-CLIENT \(summary)")

            #expect(after.interviewer.width == 640 && after.interviewer.height == 480, "interviewer must decode 640x480: \(summary)")
            #expect(interviewerFPS >= 25, "interviewer must decode ≥ 25 fps: \(summary)")
            #expect(candidateFPS >= 20, "the candidate must receive the interviewer's video: \(summary)")
            #expect(after.interviewer.audioPackets - before.interviewer.audioPackets >= 250, "the interviewer must receive the candidate's audio (50 packets/s): \(summary)")
            #expect(analysisFPS > 0, "the relay route must report the live detectors' rate: \(relay)")
            // The face was found: the server drew its green box into the relayed video (a
            // photo has no such saturated green of its own), and never saw several faces.
            #expect(after.interviewer.faceBoxPixelsMax >= 200, "the live detectors must box the candidate's face: \(summary)")
            #expect(!kinds.contains("multiple_faces"), "one face must not read as several: \(summary)")
            // `no_face` fires after 10 s without a face; the call ran ≥ 12 s after video flowed.
            #expect(!kinds.contains("no_face"), "the face must not be lost: \(summary)")
        }
    }
}
