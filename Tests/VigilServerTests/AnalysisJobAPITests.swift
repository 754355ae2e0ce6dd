import Foundation
import Testing
import VigilCore

/// Recorded-video analysis as jobs (issue 15 item 5) through a real `vigil serve` on loopback:
/// a posted file is queued, claimed by the server's runner, analysed with progress visible, and
/// its events are those `vigil analyze` finds in the same file.
@Suite("API: analysis jobs", .serialized)
struct AnalysisJobAPITests {
    /// 15 s, the candidate looks left from 5.5 s to 10.4 s (../shared/media/video).
    static let clip = TestMediaPaths.shared("video/gaze_center_left_center_15s.mp4")
    static let admin = ServerProcess.adminKey

    /// The clip looks away for 4.9 s: a 2 s threshold (as the analyze tests use) reports it.
    static var policy: [String: Any] { ["thresholds": ["looking_away_seconds": 2]] }

    @Test("a posted path is analysed by its policy: progress goes from 0 to 1 and the events match vigil analyze on the same file")
    func postedFileIsAnalysedLikeTheCommand() async throws {
        try #require(FileManager.default.fileExists(atPath: Self.clip), "the shared clip \(Self.clip) is missing")
        try await withServer(environment: ["VIGIL_MODELS": TestMediaPaths.models]) { server, client in
            let posted = try await client.send("POST", "/api/analyses", token: Self.admin, json: ["path": Self.clip, "policy": Self.policy])
            #expect(posted.status == 201, "\(posted.text)")
            #expect((posted.json["policy"] as? [String: Any])?["thresholds"].flatMap { ($0 as? [String: Any])?["looking_away_seconds"] as? Double } == 2)
            let id = try #require(posted.json["id"] as? Int)
            #expect(posted.headers["location"] == "/api/analyses/\(id)")
            #expect(posted.json["source"] as? String == Self.clip)
            #expect(posted.json["progress"] as? Double == 0)

            var progress: [Double] = [0]
            var states: [String] = []
            var job: [String: Any] = [:]
            let deadline = Date().addingTimeInterval(240)
            while Date() < deadline {
                let answer = try await client.send("GET", "/api/analyses/\(id)", token: Self.admin)
                #expect(answer.status == 200)
                job = answer.json
                let state = job["state"] as? String ?? "?"
                if states.last != state { states.append(state) }
                if let value = job["progress"] as? Double, value != progress.last { progress.append(value) }
                if state == "done" || state == "failed" { break }
                try await Task.sleep(for: .milliseconds(250))
            }
            #expect(job["state"] as? String == "done", "the job ended \(job["state"] ?? "nil"): \(job["error"] ?? "")")
            #expect(states.contains("running"), "states seen: \(states)")
            #expect(progress.first == 0 && progress.last == 1, "progress seen: \(progress)")
            #expect(progress == progress.sorted(), "progress went back: \(progress)")
            #expect(job["node"] as? String != nil)
            let summary = try #require(job["summary"] as? [String: Any])
            #expect((summary["frames"] as? Int ?? 0) > 300, "a 15 s clip at 30 fps: \(summary)")
            #expect((summary["media_seconds"] as? Double ?? 0) > 15)

            let served = try Self.report(from: try JSONSerialization.data(withJSONObject: try #require(job["report"])))
            let session = try #require(job["session"] as? String)
            #expect(served.session.id == session)
            let stored = try await client.send("GET", "/api/sessions/\(session)", token: Self.admin)
            #expect(stored.status == 200)
            #expect(try Self.report(from: stored.body).events.map(\.id) == served.events.map(\.id))

            #expect(served.policy.thresholds.lookingAwaySeconds == 2)
            // The command on the same file and threshold, one worker like the job.
            let command = try Self.analyzeCommand(Self.clip, folder: server.folder)
            let byJob = Self.timeline(served), byCommand = Self.timeline(command)
            #expect(byJob.map(\.kind) == byCommand.map(\.kind), "job: \(byJob), command: \(byCommand)")
            #expect(byJob.contains { $0.kind == .lookingAway }, "the clip's look to the left is found: \(byJob)")
            for (job, command) in zip(byJob, byCommand) {
                #expect(abs(job.start - command.start) <= 1, "\(job.kind) starts at \(job.start) s by the job, \(command.start) s by the command")
                #expect(abs(job.end - command.end) <= 1, "\(job.kind) ends at \(job.end) s by the job, \(command.end) s by the command")
            }

            print("analysis job: states \(states), progress seen \(progress), wall \(summary["wall_seconds"] ?? "?") s; job events \(byJob), command events \(byCommand)")
            let listed = try await client.send("GET", "/api/analyses", token: Self.admin)
            #expect((listed.json["analyses"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [id])
        }
    }

    @Test("refused: a relative, missing or folder path (400), a bad policy (422), no or a non-admin token (401), an unknown job (404), an upload over the cap (413)")
    func badSubmissionsAreRefused() async throws {
        // No runner here: jobs stay queued, and nothing loads the detectors.
        try await withServer(environment: ["VIGIL_ANALYSIS_JOBS": "0", "VIGIL_MAX_ANALYSIS_UPLOAD_MB": "1"]) { server, client in
            for (path, code) in [("relative/clip.webm", "bad_path"), ("/no/such/clip.webm", "file_not_found"), (server.folder.path, "file_unreadable")] {
                let answer = try await client.send("POST", "/api/analyses", token: Self.admin, json: ["path": path])
                #expect(answer.status == 400 && answer.errorCode == code, "\(path): \(answer.status) \(answer.text)")
                #expect(answer.errorMessage?.contains(path) == true)
            }
            let badPolicy = try await client.send("POST", "/api/analyses", token: Self.admin,
                                                  json: ["path": Self.clip, "policy": ["thresholds": ["looking_away_seconds": -1]]])
            #expect(badPolicy.status == 422, "\(badPolicy.text)")
            let notJSON = try await client.send("POST", "/api/analyses", token: Self.admin, body: Data("x".utf8), headers: ["Content-Type": "text/plain"])
            #expect(notJSON.status == 415)

            let session = try await TestSession.create(client)
            for token in [nil, "wrong-key", session.proctor, session.interviewer] {
                let post = try await client.send("POST", "/api/analyses", token: token, json: ["path": Self.clip])
                let get = try await client.send("GET", "/api/analyses", token: token)
                #expect(post.status == 401 && get.status == 401, "token \(token ?? "none"): \(post.status), \(get.status)")
            }
            for id in ["12345", "not-a-number"] {
                let answer = try await client.send("GET", "/api/analyses/\(id)", token: Self.admin)
                #expect(answer.status == 404 && answer.errorCode == "analysis_not_found", "\(id): \(answer.text)")
            }

            let tooBig = try await client.send("POST", "/api/analyses", token: Self.admin, body: Data(count: 1024 * 1024 + 1),
                                               headers: ["Content-Type": "video/webm"])
            #expect(tooBig.status == 413 && tooBig.errorCode == "upload_too_large", "\(tooBig.text)")
            let uploads = server.folder.appendingPathComponent("uploads")
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: uploads.path)) ?? []).isEmpty, "a refused upload leaves no file")

            // An upload within the cap is kept in DATA_DIR/uploads and queued as it was sent.
            let video = try Data(contentsOf: URL(fileURLWithPath: Self.clip)).prefix(512 * 1024)
            let uploaded = try await client.send("POST", "/api/analyses", token: Self.admin, body: Data(video), headers: ["Content-Type": "video/mp4"])
            #expect(uploaded.status == 201, "\(uploaded.text)")
            let source = try #require(uploaded.json["source"] as? String)
            #expect(source.hasPrefix(uploads.path) && source.hasSuffix(".mp4"))
            #expect(FileManager.default.contents(atPath: source) == Data(video))
            try await Task.sleep(for: .seconds(1.5))
            let queued = try await client.send("GET", "/api/analyses/\(uploaded.json["id"] as? Int ?? -1)", token: Self.admin)
            #expect(queued.json["state"] as? String == "queued", "with --analysis-jobs 0 the node takes none: \(queued.text)")
        }
    }

    static func report(from data: Data) throws -> Report {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = Timestamp.parse(text) else { throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: text)) }
            return date
        }
        return try decoder.decode(Report.self, from: data)
    }

    /// Events as (kind, start, end) in seconds from the start of the file.
    static func timeline(_ report: Report) -> [(kind: EventKind, start: Double, end: Double)] {
        report.events.map { event in
            (event.kind, event.start.timeIntervalSince(report.session.createdAt),
             (event.end ?? event.start).timeIntervalSince(report.session.createdAt))
        }
    }

    /// `vigil analyze FILE --looking-away-seconds 2 --workers 1 --format json` into its own database; its JSON report.
    static func analyzeCommand(_ file: String, folder: URL) throws -> Report {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerProcess.binary)
        process.arguments = ["analyze", file, "--looking-away-seconds", "2", "--workers", "1", "--quiet", "--format", "json", "--models", TestMediaPaths.models,
                             "--db", folder.appendingPathComponent("command.sqlite").path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "vigil analyze failed: \(String(decoding: data, as: UTF8.self))")
        return try report(from: data)
    }
}

/// The repository's models and the shared clips (`../shared/media`), as the analyze tests find them.
enum TestMediaPaths {
    static let repository: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
            folder = folder.deletingLastPathComponent()
        }
        return folder
    }()

    static func shared(_ relative: String) -> String {
        repository.deletingLastPathComponent().appendingPathComponent("shared/media").appendingPathComponent(relative).path
    }

    static var models: String {
        if let folder = ProcessInfo.processInfo.environment["VIGIL_MODELS"], !folder.isEmpty { return folder }
        return repository.appendingPathComponent("models").path
    }
}
