import Foundation
import Testing

extension RelayBrowserTests {
    /// Issue 12 item 5: `vigil analyze --session ID` re-runs the detectors on a session's own
    /// recording and lists where the offline events differ from the live ones. The call's camera
    /// (`CounterCamera`) shows no face, so the live analysis raises `no_face` from the start; the
    /// offline run on the recording must find the same span (matched by kind and overlap, with
    /// the start and end within 3 s on the recording's timeline); the candidate's `tab_hidden`
    /// is listed as not compared (no detector raises it). Unknown, unrecorded and missing
    /// recordings are refused with their reason.
    @Suite(.serialized) struct AnalyzeSessionTests {
        @Test(.timeLimit(.minutes(5))) func theOfflineEventsOfARecordedCallAreListedBesideTheLiveOnes() async throws {
            try await withRelay { relay in
                let server = relay.server
                let session = try await server.createSession()
                _ = try await relay.join(.candidate, session, camera: try CounterCamera.file)
                let interviewer = try await relay.join(.interviewer, session)
                let up = try await relay.waitFor("the interviewer decodes the candidate", timeout: 25) {
                    try await interviewer.stats().framesDecoded > 30
                }
                if !up { Issue.record("the call did not come up\n\(await relay.diagnostics())") }
                try #require(up)
                // no_face fires after 10 s without a face (the standard threshold).
                let flagged = try await relay.waitFor("the live analysis flags no_face", timeout: 40) {
                    let report = try await server.request("GET", "/api/sessions/\(session.id)", token: session.token(.interviewer)).json
                    return (report["events"] as? [[String: Any]] ?? []).contains { $0["kind"] as? String == "no_face" }
                }
                #expect(flagged, "\(server.log)")
                let posted = try await server.request("POST", "/api/sessions/\(session.id)/events", token: session.token(.candidate),
                                                      json: ["kind": "tab_hidden"])
                let tabHidden = try #require(posted.json["id"] as? Int, "event: \(posted.status) \(posted.text)")
                try await Task.sleep(for: .seconds(2))
                _ = try await server.request("PUT", "/api/sessions/\(session.id)/end", token: session.token(.interviewer))
                relay.closeBrowsers()
                let report = try await server.request("GET", "/api/sessions/\(session.id)", token: session.token(.interviewer)).json
                let recording = try #require(report["recording"] as? [String: Any], "report: \(report)")
                #expect(recording["state"] as? String == "complete")

                let run = try vigil(server, ["analyze", "--session", session.id, "--json", "--quiet", "--workers", "1"])
                #expect(run.status == 0, "\(run.errors)")
                let listing = try #require(try JSONSerialization.jsonObject(with: run.output) as? [String: Any], "\(run.text)\n\(run.errors)")
                let comparison = try #require(listing["comparison"] as? [String: Any], "\(listing)")
                let both = comparison["both"] as? [[String: Any]] ?? []
                let noFace = try #require(both.first { $0["kind"] as? String == "no_face" }, "no_face not in both: \(comparison)")
                let startDelta = try #require(noFace["start_delta"] as? Double), endDelta = try #require(noFace["end_delta"] as? Double)
                #expect(abs(startDelta) <= 3 && abs(endDelta) <= 3, "no_face live \(noFace["live"] ?? "") offline \(noFace["offline"] ?? "")")
                #expect((comparison["only_live"] as? [[String: Any]] ?? []).allSatisfy { $0["kind"] as? String != "no_face" })
                let notCompared = comparison["not_compared"] as? [[String: Any]] ?? []
                #expect(notCompared.contains { $0["kind"] as? String == "tab_hidden" && $0["id"] as? Int == tabHidden }, "\(notCompared)")
                #expect(listing["live_events"] as? Int == (report["events"] as? [[String: Any]])?.count)
                print("ANALYZE-SESSION \(String(decoding: run.output, as: UTF8.self).filter { !"\n ".contains($0) })")

                // The text listing says the same, a line per event.
                let text = try vigil(server, ["analyze", "--session", session.id, "--quiet", "--workers", "1"])
                #expect(text.status == 0, "\(text.errors)")
                let lines = text.text.split(separator: "\n")
                #expect(lines.contains { $0.hasPrefix("both") && $0.contains("no_face") && $0.contains("start ") }, "\(text.text)")
                #expect(lines.contains { $0.hasPrefix("not compared") && $0.contains("tab_hidden") }, "\(text.text)")
                print("ANALYZE-SESSION text:\n\(text.text)")

                // Refusals: an unknown id, a session recorded with record: false, a deleted file.
                let unknown = try vigil(server, ["analyze", "--session", "no-such-session", "--quiet"])
                #expect(unknown.status != 0 && unknown.errors.contains("no session no-such-session"), "\(unknown.errors)")
                let created = try await server.request("POST", "/api/sessions", token: VigilServerProcess.adminKey,
                                                       json: ["candidate_name": "Ada", "interviewer_name": "Grace", "record": false])
                let unrecorded = try #require(created.json["id"] as? String)
                let off = try vigil(server, ["analyze", "--session", unrecorded, "--quiet"])
                #expect(off.status != 0 && off.errors.contains("has no recording") && off.errors.contains("off"), "\(off.errors)")
                try FileManager.default.removeItem(at: server.folder.appendingPathComponent("recordings/\(session.id).webm"))
                let missing = try vigil(server, ["analyze", "--session", session.id, "--quiet"])
                #expect(missing.status != 0 && missing.errors.contains("is missing"), "\(missing.errors)")
            }
        }

        struct Run {
            var status: Int32
            var output: Data
            var errors: String
            var text: String { String(decoding: output, as: UTF8.self) }
        }

        /// Runs the built `vigil` on the test server's database and data folder, from the
        /// repository (its `models`), killed after 240 s.
        private func vigil(_ server: VigilServerProcess, _ arguments: [String]) throws -> Run {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: VigilServerProcess.binary)
            process.arguments = arguments + ["--db", server.databasePath, "--data-dir", server.folder.path]
            process.currentDirectoryURL = VigilServerProcess.repository
            let output = Pipe()
            let errorFile = server.folder.appendingPathComponent("analyze-\(UUID().uuidString).err")
            FileManager.default.createFile(atPath: errorFile.path, contents: nil)
            process.standardOutput = output
            process.standardError = try FileHandle(forWritingTo: errorFile)
            try process.run()
            let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
            DispatchQueue.global().asyncAfter(deadline: .now() + 240, execute: watchdog)
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            watchdog.cancel()
            let errorData = (try? Data(contentsOf: errorFile)) ?? Data()
            return Run(status: process.terminationStatus, output: data, errors: String(decoding: errorData, as: UTF8.self))
        }
    }
}
