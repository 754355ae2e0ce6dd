import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real `vigil serve` on a free loopback port with its own data folder; its log goes to a
/// file in that folder, shown when a test fails.
final class VigilServerProcess: @unchecked Sendable {
    static let adminKey = "relay-test-admin-key-0123456789"
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-relay-\(UUID().uuidString)")
    /// Added to the server's environment (e.g. a retention set-up for a purge test).
    let environment: [String: String]
    /// `--db`: a postgres:// URL several servers share (ClusterTests); nil: an SQLite file in `folder`.
    let database: String?
    private(set) var process: Process?
    private(set) var port = 0
    var logFile: URL { folder.appendingPathComponent("server.log") }
    var outputFile: URL { folder.appendingPathComponent("server.out") }

    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["VIGIL_BIN"] { return path }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("vigil").path), folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("vigil").path
    }

    /// The repository root (for pipelines/ and signaling/), found from this source file.
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    init(environment: [String: String] = [:], database: String? = nil) {
        self.environment = environment
        self.database = database
    }

    var baseURL: String { "\(scheme)://127.0.0.1:\(port)" }
    /// `https` when the server serves its own certificate (VIGIL_TLS_CERT / VIGIL_TLS_KEY).
    private(set) var scheme = "http"
    var databasePath: String { folder.appendingPathComponent("vigil.sqlite").path }
    var pid: Int32 { process?.processIdentifier ?? 0 }

    func start() async throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "--port", "0", "--db", database ?? databasePath, "--data-dir", folder.path]
        process.currentDirectoryURL = Self.repository
        var environment = ProcessInfo.processInfo.environment
        environment["VIGIL_ADMIN_KEY"] = Self.adminKey
        environment["VIGIL_LOG_LEVEL"] = environment["VIGIL_TEST_LOG_LEVEL"] ?? "info"
        // The candidate's camera pre-check is off unless a test turns it on (PreCheckBrowserTests):
        // many tests' fake cameras show no face, and joining is what they test.
        environment["VIGIL_PRECHECK"] = "off"
        environment.merge(self.environment) { _, added in added }
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: logFile)
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let text = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"listening on https?://[0-9.]+:(\d+)"#, options: .regularExpression) {
                scheme = text[range].contains("https://") ? "https" : "http"
                port = Int(text[range].split(separator: ":").last!)!
                try await waitForAnalysisWorkers(until: deadline)
                return
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("vigil did not start: \(log)")
    }

    /// The server-wide analysis workers load their models once the server listens; tests that
    /// count threads or time the first analysed frames start from that steady state.
    private func waitForAnalysisWorkers(until deadline: Date) async throws {
        while Date() < deadline {
            let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            if text.contains("analysis workers started") || text.contains("analysis workers cannot start") { return }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    var log: String { ((try? String(contentsOf: logFile, encoding: .utf8)) ?? "").suffix(6000).description }

    func stop() {
        guard let process else { return }
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning, Date() < deadline { usleep(50_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        self.process = nil
    }

    func removeFiles() { try? FileManager.default.removeItem(at: folder) }

    /// SIGKILL, as a crash would: no shutdown code runs. `start()` then starts a new server on
    /// the same data folder (on a new port).
    func killNow() {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    deinit {
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    // MARK: HTTP

    struct Answer: Sendable {
        var status: Int
        var body: Data
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    func request(_ method: String, _ path: String, token: String? = nil, json: [String: Any]? = nil) async throws -> Answer {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        request.httpMethod = method
        request.timeoutInterval = 30
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let sent = Date()
        do {
            let (data, response) = try await URLSession.shared.data(for: request)
            return Answer(status: (response as! HTTPURLResponse).statusCode, body: data)
        } catch {
            // A bare NSURLErrorDomain -1001 says nothing of which call timed out.
            throw TestFailure("\(method) \(path) failed after \(String(format: "%.1f", Date().timeIntervalSince(sent))) s: \(error)")
        }
    }

    /// A new session's id and the three links with their tokens.
    func createSession() async throws -> InterviewLinks {
        let answer = try await request("POST", "/api/sessions", token: Self.adminKey,
                                       json: ["candidate_name": "Ada Lovelace", "interviewer_name": "Grace Hopper"])
        guard answer.status == 201, let id = answer.json["id"] as? String, let links = answer.json["links"] as? [String: String] else {
            throw TestFailure("session not created: \(answer.status) \(answer.text)")
        }
        return InterviewLinks(id: id, links: links)
    }

    /// `vigil_relay_analysis_frames_total{session="…"}` from /metrics (0 before the first frame).
    func analysisFrames(session: String) async throws -> Double {
        let text = try await request("GET", "/metrics").text
        for line in text.split(separator: "\n") where line.hasPrefix("vigil_relay_analysis_frames_total{") && line.contains("session=\"\(session)\"") {
            return Double(line.split(separator: " ").last ?? "0") ?? 0
        }
        return 0
    }

    /// GET /api/sessions/:id/relay with the interviewer's token.
    func relayStatus(_ session: InterviewLinks) async throws -> [String: Any] {
        try await request("GET", "/api/sessions/\(session.id)/relay", token: session.token(.interviewer)).json
    }

    /// Threads of the server process, counted from /proc.
    var threadCount: Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task").count) ?? -1
    }

    /// Threads of the server process as the kernel counts them (`Threads:` in /proc/PID/status).
    var statusThreads: Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("Threads:") }
        return line.flatMap { Int($0.dropFirst("Threads:".count).trimmingCharacters(in: .whitespaces)) } ?? -1
    }

    /// Thread names of the server process and how many of each (from /proc/PID/task/*/comm).
    var threadNames: [String: Int] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        var names: [String: Int] = [:]
        for task in tasks {
            let name = ((try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/comm", encoding: .utf8)) ?? "?").trimmingCharacters(in: .whitespacesAndNewlines)
            names[name, default: 0] += 1
        }
        return names
    }

    /// Threads outside libdispatch's global worker pool (the `…qos` and `…qos.overcommit` names).
    /// That pool belongs to the process, not to a session: libdispatch grows it under load and
    /// reaps idle workers on its own schedule, so two rounds of the same call can end with a
    /// different number of them without anything having leaked.
    var threadsOutsideDispatchPool: Int {
        threadNames.filter { !$0.key.contains("qos") }.values.reduce(0, +)
    }
}

enum Role: String, Sendable { case candidate, interviewer, proctor }

struct InterviewLinks: Sendable {
    let id: String
    let links: [String: String]

    func link(_ role: Role) -> String { links[role.rawValue] ?? "" }

    func token(_ role: Role) -> String {
        URLComponents(string: link(role))?.queryItems?.first { $0.name == "token" }?.value ?? ""
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
