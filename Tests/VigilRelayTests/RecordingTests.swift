import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

extension RelayBrowserTests {
    /// Issue 12: the candidate's call recorded to WebM without re-encoding, served with range
    /// requests to the interviewer (never to the candidate), closed with its size and SHA-256,
    /// deleted with its session; `record: false` and the disk cap record nothing while the call
    /// goes on; a SIGKILL mid-call leaves a file that plays to within 5 s of the kill.
    @Suite(.serialized) struct RecordingTests {
        @Test(.timeLimit(.minutes(3))) func aCallIsRecordedServedWithRangesAndDeletedWithItsSession() async throws {
            try await withRelay { relay in
                let server = relay.server
                let session = try await server.createSession()
                _ = try #require(try await relay.startCall(session))
                let started = try #require(try await waitForRecording(relay, session))
                try await Task.sleep(for: .seconds(6))
                let event = try await server.request("POST", "/api/sessions/\(session.id)/events", token: session.token(.candidate),
                                                     json: ["kind": "tab_hidden"])
                let eventID = try #require(event.json["id"] as? Int, "event: \(event.status) \(event.text)")
                let eventAt = Date().timeIntervalSince(started)
                let cpuBefore = (Date(), RecorderThreads.cpuSeconds(pid: server.pid))
                try await Task.sleep(for: .seconds(6))
                let recorderCPU = (RecorderThreads.cpuSeconds(pid: server.pid) - cpuBefore.1) / Date().timeIntervalSince(cpuBefore.0) * 100

                // During the call: the growing file, by ranges; the candidate's token is refused.
                let path = "/api/sessions/\(session.id)/recording"
                let range = try await server.rangeRequest(path, token: session.token(.interviewer), range: "bytes=0-99")
                #expect(range.status == 206, "range during the call: \(range.status)")
                #expect(range.body.count == 100)
                #expect(range.headers["Content-Range"]?.hasPrefix("bytes 0-99/") == true, "\(range.headers)")
                #expect(range.headers["Content-Type"] == "video/webm")
                #expect(Array(range.body.prefix(4)) == [0x1A, 0x45, 0xDF, 0xA3], "a WebM file starts with the EBML magic")
                let refused = try await server.request("GET", path, token: session.token(.candidate))
                #expect(refused.status == 403, "candidate: \(refused.status) \(refused.text)")

                let ended = try await server.request("PUT", "/api/sessions/\(session.id)/end", token: session.token(.interviewer))
                #expect(ended.status == 200 || ended.status == 204, "end: \(ended.status) \(ended.text)")
                let callSeconds = Date().timeIntervalSince(started)

                // After the call: the report names the closed file; its bytes match.
                let report = try await server.request("GET", "/api/sessions/\(session.id)", token: session.token(.interviewer)).json
                let recording = try #require(report["recording"] as? [String: Any], "report: \(report)")
                #expect(recording["state"] as? String == "complete", "\(recording)\n\(server.log)")
                let whole = try await server.request("GET", path, token: session.token(.proctor))
                #expect(whole.status == 200)
                #expect(recording["bytes"] as? Int == whole.body.count)
                let digest = try sha256(whole.body, in: server.folder)
                #expect(recording["sha256"] as? String == digest)
                let tail = try await server.rangeRequest(path, token: session.token(.interviewer), range: "bytes=-10")
                #expect(tail.status == 206)
                #expect(tail.body == whole.body.suffix(10))
                #expect(tail.headers["Content-Range"] == "bytes \(whole.body.count - 10)-\(whole.body.count - 1)/\(whole.body.count)")

                // VP8 video, the candidate's and the interviewer's Opus, as long as the call.
                let file = server.folder.appendingPathComponent("downloaded.webm")
                try whole.body.write(to: file)
                let probe = try RecordingProbe(file: file)
                #expect(probe.codecs == ["vp8", "opus", "opus"], "\(probe.codecs)")
                #expect(abs(probe.lastVideoSeconds - callSeconds) <= 2, "recording \(probe.lastVideoSeconds) s, call \(callSeconds) s")
                let duration = try #require(recording["duration_seconds"] as? Double)
                #expect(abs(duration - probe.lastVideoSeconds) <= 0.5, "reported \(duration) s, file \(probe.lastVideoSeconds) s")
                print("RECORDING call \(String(format: "%.1f", callSeconds)) s -> \(whole.body.count) bytes, \(String(format: "%.0f", Double(whole.body.count) / callSeconds * 60)) bytes/min, last frame at \(probe.lastVideoSeconds) s")

                // The event's clip: from the key frame before 5 s ahead of it to 5 s after, the
                // recording's own packets (no re-encoding: the sizes are a run of the file's).
                let cutStarted = Date()
                let clip = try await server.request("GET", "/api/sessions/\(session.id)/events/\(eventID)/clip", token: session.token(.interviewer))
                let cutSeconds = Date().timeIntervalSince(cutStarted)
                #expect(clip.status == 200, "clip: \(clip.status) \(clip.text.prefix(300))")
                let clipFile = server.folder.appendingPathComponent("clip.webm")
                try clip.body.write(to: clipFile)
                let clipProbe = try RecordingProbe(file: clipFile)
                #expect(clipProbe.codecs.first == "vp8", "\(clipProbe.codecs)")
                #expect(clipProbe.startsWithKeyFrame, "the clip does not start on a key frame")
                #expect(clipProbe.lastVideoSeconds >= 9.5, "the clip lasts \(clipProbe.lastVideoSeconds) s")
                #expect(clipProbe.lastVideoSeconds <= 10 + 5.5, "the clip lasts \(clipProbe.lastVideoSeconds) s (key frames every 4 s)")
                let sizes = probe.videoPacketSizes, clipSizes = clipProbe.videoPacketSizes
                let contained = sizes.indices.contains { start in
                    start + clipSizes.count <= sizes.count && Array(sizes[start..<start + clipSizes.count]) == clipSizes
                }
                #expect(!clipSizes.isEmpty && contained, "the clip's \(clipSizes.count) video packets are not a run of the recording's \(sizes.count)")
                print("RECORDING clip of an event at \(String(format: "%.1f", eventAt)) s: \(clipProbe.lastVideoSeconds) s, \(clip.body.count) bytes, cut in \(String(format: "%.2f", cutSeconds)) s")

                let bench = [
                    #"{"bench":"recording","metric":"recorder_cpu_per_session","value":\#(RecorderThreads.round(recorderCPU)),"unit":"%core","threads":"record_queue, rec_*_q, the recorder's appsrcs"}"#,
                    #"{"bench":"recording","metric":"bytes_per_minute","value":\#(Int(Double(whole.body.count) / callSeconds * 60)),"unit":"bytes","camera":"chromium fake 640x480"}"#,
                    #"{"bench":"recording","metric":"clip_cut_time","value":\#(RecorderThreads.round(cutSeconds * 1000)),"unit":"ms","clip_seconds":\#(clipProbe.lastVideoSeconds)}"#,
                ].joined(separator: "\n") + "\n"
                print(bench.split(separator: "\n").map { "RECORDING-BENCH \($0)" }.joined(separator: "\n"))
                if let out = ProcessInfo.processInfo.environment["VIGIL_RECORDING_BENCH_OUT"] {
                    try bench.write(toFile: out, atomically: true, encoding: .utf8)
                }

                // Deleting the session deletes the file.
                let stored = server.folder.appendingPathComponent("recordings/\(session.id).webm")
                #expect(FileManager.default.fileExists(atPath: stored.path))
                let deleted = try await server.request("DELETE", "/api/sessions/\(session.id)", token: session.token(.interviewer))
                #expect(deleted.status == 204)
                #expect(!FileManager.default.fileExists(atPath: stored.path), "the recording outlived its session")
            }
        }

        @Test(.timeLimit(.minutes(3))) func recordFalseRecordsNothing() async throws {
            try await withRelay { relay in
                let server = relay.server
                let created = try await server.request("POST", "/api/sessions", token: VigilServerProcess.adminKey,
                                                       json: ["candidate_name": "Ada", "interviewer_name": "Grace", "record": false])
                #expect(created.json["record"] as? Bool == false)
                let session = InterviewLinks(id: try #require(created.json["id"] as? String), links: try #require(created.json["links"] as? [String: String]))
                _ = try #require(try await relay.startCall(session))
                try await Task.sleep(for: .seconds(3))
                let during = try await server.request("GET", "/api/sessions/\(session.id)/recording", token: session.token(.interviewer))
                #expect(during.status == 404)
                _ = try await server.request("PUT", "/api/sessions/\(session.id)/end", token: session.token(.interviewer))
                let report = try await server.request("GET", "/api/sessions/\(session.id)", token: session.token(.interviewer)).json
                #expect(report.keys.contains("recording") && report["recording"] is NSNull, "\(report["recording"] ?? "absent")")
                let files = (try? FileManager.default.contentsOfDirectory(atPath: server.folder.appendingPathComponent("recordings").path)) ?? []
                #expect(files.isEmpty, "\(files)")
            }
        }

        /// A 2 MiB file already fills the 1 MiB cap: the call is not recorded, the log and the
        /// interviewer's page say why, and the call goes on.
        @Test(.timeLimit(.minutes(3))) func theDiskCapRefusesNewRecordingsAndTheCallGoesOn() async throws {
            try await withRelay(environment: ["VIGIL_RECORDING_DISK_CAP_MB": "1"]) { relay in
                let server = relay.server
                let folder = server.folder.appendingPathComponent("recordings")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try Data(count: 2 << 20).write(to: folder.appendingPathComponent("earlier.webm"))
                let session = try await server.createSession()
                let (_, interviewer) = try #require(try await relay.startCall(session))
                let warned = try await relay.waitFor("the interviewer's page hears of the refusal", timeout: 10) {
                    await interviewer.pageLog().contains("recording_refused")
                }
                let pageLog = await interviewer.pageLog()
                #expect(warned, "\(pageLog)")
                #expect(server.log.contains("recording refused"))
                #expect(try await relay.secondsUntilFrames(interviewer, frames: 30, timeout: 10) != nil, "the call stopped")
                let answer = try await server.request("GET", "/api/sessions/\(session.id)/recording", token: session.token(.interviewer))
                #expect(answer.status == 404)
                #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(session.id).webm").path))
            }
        }

        /// Must show 2: the server is SIGKILLed mid-call; after a restart the recording is served
        /// and plays to within 5 s of the kill, and the event acknowledged before it is there.
        @Test(.timeLimit(.minutes(3))) func aRecordingSurvivesKill9() async throws {
            try await withRelay { relay in
                let server = relay.server
                let session = try await server.createSession()
                _ = try #require(try await relay.startCall(session))
                let started = try #require(try await waitForRecording(relay, session))
                let posted = try await server.request("POST", "/api/sessions/\(session.id)/events", token: session.token(.candidate),
                                                      json: ["kind": "tab_hidden"])
                #expect(posted.status == 201, "event: \(posted.status) \(posted.text)")
                try await Task.sleep(for: .seconds(8))
                server.killNow()
                let recordedUntilKill = Date().timeIntervalSince(started)
                relay.closeBrowsers()
                try await server.start()

                let report = try await server.request("GET", "/api/sessions/\(session.id)", token: session.token(.interviewer)).json
                let recording = try #require(report["recording"] as? [String: Any], "report: \(report)\n\(server.log)")
                #expect(recording["state"] as? String == "interrupted")
                let events = report["events"] as? [[String: Any]] ?? []
                #expect(events.contains { $0["kind"] as? String == "tab_hidden" }, "\(events)")
                let whole = try await server.request("GET", "/api/sessions/\(session.id)/recording", token: session.token(.interviewer))
                #expect(whole.status == 200)
                let digest = try sha256(whole.body, in: server.folder)
                #expect(recording["sha256"] as? String == digest)
                let file = server.folder.appendingPathComponent("after-kill.webm")
                try whole.body.write(to: file)
                let probe = try RecordingProbe(file: file)
                #expect(probe.codecs.first == "vp8")
                #expect(probe.lastVideoSeconds >= recordedUntilKill - 5, "plays to \(probe.lastVideoSeconds) s of \(recordedUntilKill) s recorded before the kill")
                print("RECORDING kill -9 after \(String(format: "%.1f", recordedUntilKill)) s: the file plays to \(probe.lastVideoSeconds) s")
            }
        }

        /// Waits until the report says the recording runs and returns its 0:00 (`started_at`).
        private func waitForRecording(_ relay: RelayFixture, _ session: InterviewLinks) async throws -> Date? {
            var startedAt: Date?
            let running = try await relay.waitFor("the recording starts", timeout: 15) {
                let report = try await relay.server.request("GET", "/api/sessions/\(session.id)", token: session.token(.interviewer)).json
                guard let recording = report["recording"] as? [String: Any], recording["state"] as? String == "recording" else { return false }
                startedAt = (recording["started_at"] as? String).flatMap(Self.parseDate)
                return true
            }
            if !running { Issue.record("the recording did not start\n\(relay.server.log)") }
            return startedAt
        }

        static func parseDate(_ text: String) -> Date? {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return formatter.date(from: text)
        }
    }
}

extension VigilServerProcess {
    struct RangeAnswer {
        var status: Int
        var body: Data
        var headers: [String: String]
    }

    func rangeRequest(_ path: String, token: String, range: String) async throws -> RangeAnswer {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue(range, forHTTPHeaderField: "Range")
        let sent = Date()
        let data: Data, response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw TestFailure("GET \(path) (\(range)) failed after \(String(format: "%.1f", Date().timeIntervalSince(sent))) s: \(error)")
        }
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields { headers[String(describing: key)] = String(describing: value) }
        return RangeAnswer(status: http.statusCode, body: data, headers: headers)
    }
}

/// The SHA-256 of `data` as sha256sum prints it (written to a file in `folder` first).
func sha256(_ data: Data, in folder: URL) throws -> String {
    let file = folder.appendingPathComponent("digest-\(UUID().uuidString)")
    try data.write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    process.arguments = [file.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return String(output.prefix(64))
}
