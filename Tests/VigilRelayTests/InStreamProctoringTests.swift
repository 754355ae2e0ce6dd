import Foundation
import Testing

/// Issue 6, in part: the candidate's camera shows a face for 8 s, then nobody. Through the real
/// relay and detectors, a no-face event lands in SQLite 10 s after the face left, with a
/// snapshot; the interviewer's page receives the alert and the event; and the video the
/// interviewer decodes shows the banner under the status line only while the event is open.
extension RelayBrowserTests {
@Suite(.serialized) struct InStreamProctoringTests {
    /// 30 s at 640x480@30: `face` for 8 s, then an empty room; a block moving along the bottom
    /// keeps every frame different. Made once per test process with ffmpeg (≈ 400 MB, never committed).
    static func faceThenEmptyCamera() throws -> URL {
        let media = VigilServerProcess.repository.deletingLastPathComponent().appendingPathComponent("shared/media")
        let output = TestMedia.folder.appendingPathComponent("face-then-empty-filled-30s.y4m")
        if FileManager.default.fileExists(atPath: output.path) { return output }
        try FileManager.default.createDirectory(at: TestMedia.folder, withIntermediateDirectories: true)
        // Filled, not padded: black bars would look like the overlay's shaded band.
        let fit = "scale=640:480:force_original_aspect_ratio=increase,crop=640:480,setsar=1,fps=30"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        process.arguments = [
            "-loglevel", "error", "-y",
            "-loop", "1", "-t", "8", "-i", media.appendingPathComponent("faces/frontal/curly_hair_man_frontal.jpg").path,
            "-loop", "1", "-t", "22", "-i", media.appendingPathComponent("empty/coffee_cup_no_person.png").path,
            "-filter_complex", "[0:v]\(fit)[a];[1:v]\(fit)[b];[a][b]concat=n=2:v=1[c];[c]drawbox=x='mod(t*200,600)':y=440:w=30:h=30:color=red:t=fill[v]",
            "-map", "[v]", "-pix_fmt", "yuv420p", output.path + ".part.y4m",
        ]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("ffmpeg could not make \(output.lastPathComponent)") }
        try FileManager.default.moveItem(atPath: output.path + ".part.y4m", toPath: output.path)
        return output
    }

    /// Share of dark pixels in the band of the overlay's second line (the first banner, under
    /// the status line; the overlay shades the text's background black), sampled from the
    /// interviewer's video through a canvas.
    static let bannerBand = """
        (() => { const v = document.querySelector('#remote'); if (!v.videoWidth) return null;
          const c = document.createElement('canvas'); c.width = v.videoWidth; c.height = v.videoHeight;
          const g = c.getContext('2d'); g.drawImage(v, 0, 0);
          const d = g.getImageData(25, 62, 200, 20).data; let dark = 0, n = 0;
          for (let i = 0; i < d.length; i += 4) { const y = 0.299*d[i] + 0.587*d[i+1] + 0.114*d[i+2]; if (y < 40) dark++; n++; }
          return dark / n; })()
        """

    @Test(.timeLimit(.minutes(3))) func noFaceRaisesStoredEventAlertAndBanner() async throws {
        let camera = try Self.faceThenEmptyCamera()
        try await withRelay { relay in
            let session = try await relay.server.createSession()
            let candidate = HeadlessChromium(name: "candidate")
            defer { candidate.close() }
            try await candidate.open(session.link(.candidate), camera: camera)
            try await relay.pressJoin(candidate)
            let interviewer = try await relay.join(.interviewer, session)

            let captureStart = try #require(try await candidate.evaluate("window.vigil.captureStartedAt") as? Double) / 1000
            let up = try await relay.waitFor("interviewer decodes the candidate", timeout: 20) {
                try await interviewer.stats().framesDecoded > 30
            }
            if !up { Issue.record("the call did not come up\n\(await relay.diagnostics())"); return }

            // Before the event: sample the band while the face is still shown (camera time < 8 s).
            var before: [Double] = []
            while Date().timeIntervalSince1970 - captureStart < 7.5 {
                if let band = try await interviewer.evaluate(Self.bannerBand) as? Double { before.append(band) }
                try await Task.sleep(for: .milliseconds(300))
            }
            // Wait for the event: the face left at camera time 8 s; no face counts after 10 s.
            let alerted = try await relay.waitFor("the interviewer's page gets the no-face event", timeout: 20) {
                (try await interviewer.evaluate("(window.vigil.events || []).some(e => e.kind === 'no_face')") as? Bool) == true
            }
            if !alerted { Issue.record("no no-face event reached the interviewer\n\(await relay.diagnostics())"); return }
            try await Task.sleep(for: .seconds(2))
            var during: [Double] = []
            for _ in 0..<6 {
                if let band = try await interviewer.evaluate(Self.bannerBand) as? Double { during.append(band) }
                try await Task.sleep(for: .milliseconds(300))
            }

            let report = try await relay.server.request("GET", "/api/sessions/\(session.id)", token: session.token(.interviewer)).json
            let events = report["events"] as? [[String: Any]] ?? []
            let noFace = try #require(events.first { $0["kind"] as? String == "no_face" }, "\(events)")
            let start = try #require((noFace["start"] as? String).flatMap { try? Date($0, strategy: .iso8601) })
            let cameraSeconds = start.timeIntervalSince1970 - captureStart
            #expect(abs(cameraSeconds - 18) <= 1.5, "no_face starts 10 s after the face left at 8 s; started at camera time \(cameraSeconds)")
            #expect(noFace["snapshot"] as? [String: Any] != nil, "the event has a snapshot")
            #expect(noFace["source"] as? String == "detector")
            let alertItems = try await interviewer.evaluate("document.querySelectorAll('#alerts li').length") as? Double ?? 0
            #expect(alertItems >= 1, "the alert is listed on the interviewer's page")

            let beforeMax = before.max() ?? 1, duringMin = during.min() ?? 0
            #expect(!before.isEmpty && !during.isEmpty)
            #expect(duringMin > beforeMax + 0.3, "banner band dark-pixel share: before \(before), during \(during)")
        }
    }
}
}
