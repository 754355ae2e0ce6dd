import Foundation
import Testing
import VigilLoad

extension RelayBrowserTests {
    /// Issue 10, must-show 2: aiortc (unpatched, from PyPI, `.venv-aiortc` made by
    /// scripts/test_tools.sh) as the candidate. aiortc offers only ECDHE-ECDSA suites, so the
    /// DTLS handshake completes only with the server's ECDSA P-256 certificate; then its video
    /// (a face photo sent as 640x480@30) must reach the interviewer (a load peer decoding what
    /// the server relays, re-encoded) and be analysed by the live detectors, which find its face.
    @Suite(.serialized) struct AiortcCandidateTests {
        static let photo = VigilServerProcess.repository
            .appendingPathComponent("../shared/media/faces/frontal/grace_hopper_frontal.jpg").standardizedFileURL.path

        @Test(.timeLimit(.minutes(1))) func aiortcCandidateReachesTheInterviewer() async throws {
            let python = VigilServerProcess.repository.appendingPathComponent(".venv-aiortc/bin/python").path
            guard FileManager.default.isExecutableFile(atPath: python) else {
                Issue.record("\(python) is missing: run `make setup` (scripts/test_tools.sh makes the aiortc venv)")
                return
            }
            let server = VigilServerProcess()
            try await server.start()
            defer { server.stop(); server.removeFiles() }
            let links = try await server.createSession()

            let aiortc = try AiortcCandidate(python: python, url: LoadSignaling.url(server: server.baseURL, session: links.id, token: links.token(.candidate)),
                                             photo: Self.photo)
            defer { aiortc.stop() }
            let dtlsUp = await aiortc.waitFor(timeout: .seconds(20)) { $0.contains(#""event": "dtls", "state": "connected""#) }
            guard dtlsUp else {
                Issue.record("aiortc's DTLS did not complete:\n\(aiortc.output)\nserver log:\n\(server.log)")
                return
            }

            let interviewer = LoadViewer(server: server.baseURL, session: links.id, role: "interviewer",
                                         token: links.token(.interviewer), media: LoadMedia(photo: Self.photo))
            interviewer.start()
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline, interviewer.counts.videoFrames < 60 {
                try await Task.sleep(for: .milliseconds(200))
            }
            try await Task.sleep(for: .seconds(4))  // the detectors' rate and first face-based events
            let counts = interviewer.counts
            let relay = try await server.relayStatus(links)
            await interviewer.stop()
            let report = try await server.request("GET", "/api/sessions/\(links.id)", token: links.token(.interviewer)).json
            let kinds = (report["events"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            let analysisFrames = relay["analysis_frames"] as? Int ?? -1
            let analysisFPS = relay["analysis_fps"] as? Double ?? -1
            let summary = "interviewer decoded \(counts.videoFrames) frames at \(counts.width)x\(counts.height), face box pixels max \(counts.faceBoxPixelsMax); "
                + "analysis frames \(analysisFrames), analysis fps \(analysisFPS); events \(kinds); problems \(counts.problems)"
            print("AIORTC-CANDIDATE \(summary)")

            #expect(counts.videoFrames >= 60, "the interviewer must decode aiortc's video: \(summary)\n\(aiortc.output)\n\(server.log)")
            #expect(counts.width == 640 && counts.height == 480, "at 640x480: \(summary)")
            #expect(analysisFrames > 30, "the candidate's video must be analysed: \(summary)")
            #expect(analysisFPS > 0, "the live detectors must report a rate: \(summary)")
            // The detectors saw the photo's face: its box drawn green into the relayed video, or a
            // stored event that needs a face (gaze, eyes); never "no face".
            let faceEvents: Set<String> = ["looking_away", "eyes_closed"]
            #expect(counts.faceBoxPixelsMax >= 200 || kinds.contains(where: faceEvents.contains), "the detectors must find the photo's face: \(summary)")
            #expect(!kinds.contains("no_face"), "the face must not be lost: \(summary)")
        }
    }
}

/// tests/tools/aiortc_candidate.py running in the aiortc venv; its JSON lines are kept.
final class AiortcCandidate: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let lock = NSLock()
    private var text = ""

    init(python: String, url: String, photo: String) throws {
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [VigilServerProcess.repository.appendingPathComponent("tests/tools/aiortc_candidate.py").path, url, photo, "--seconds", "55"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = input
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let chunk = String(decoding: handle.availableData, as: UTF8.self)
            self?.lock.withLock { self?.text += chunk }
        }
        try process.run()
    }

    var output: String { lock.withLock { String(text.suffix(6000)) } }

    func waitFor(timeout: Duration, _ condition: (String) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(output) { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// Closes its stdin (it leaves the call) and kills it if it lingers.
    func stop() {
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(3)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        if process.isRunning { process.terminate() }
    }
}
