import Foundation
import Testing

/// The database's disk fills up, or the database is read-only: the server says so in its log and
/// in its answers (503 storage_unavailable), keeps answering, and never acknowledges an event it
/// could not store. The server runs in a private mount namespace on a tmpfs of its own
/// (`unshare -m`, root needed, as on the developers' machines and CI).
@Suite("Storage faults: disk full, read-only database")
struct StorageFaultTests {
    @Test("disk full: the refused post gets 503 storage_unavailable, every acknowledged event is in the report, the server keeps serving and logs it")
    func diskFull() async throws {
        let server = NamespacedServer(tmpfsKiB: 1536)
        defer { server.stop() }
        try await server.start()
        let client = APIClient(base: server.baseURL)
        let session = try await TestSession.create(client)
        let details = String(repeating: "evidence of a full disk. ", count: 76) // 1,900 characters

        var acknowledged: Set<Int> = []
        var refusal: APIClient.Answer?
        for n in 1...3000 {
            let answer = try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.proctor,
                                               json: ["kind": "phone", "details": "#\(n) \(details)"])
            if answer.status == 201, let id = answer.json["id"] as? Int {
                acknowledged.insert(id)
            } else {
                refusal = answer
                break
            }
        }
        let refused = try #require(refusal, "the 1.5 MiB disk never filled up")
        #expect(acknowledged.count > 20, "only \(acknowledged.count) events fitted before the disk was full")
        #expect(refused.status == 503, "\(refused.text)")
        #expect(refused.errorCode == "storage_unavailable")
        #expect(refused.errorMessage?.contains("nothing was stored") == true, "\(refused.errorMessage ?? "")")
        #expect(refused.errorMessage?.contains("full") == true, "the message names the cause: \(refused.errorMessage ?? "")")

        // More writes while full: each is refused, or (if SQLite found room) acknowledged and kept.
        for n in 1...5 {
            let answer = try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.candidate,
                                               json: ["kind": "tab_hidden", "details": "after full #\(n)"])
            #expect(answer.status == 201 || answer.status == 503, "\(answer.status) \(answer.text)")
            if answer.status == 201, let id = answer.json["id"] as? Int { acknowledged.insert(id) }
        }

        #expect(server.isRunning)
        let health = try await client.send("GET", "/healthz")
        #expect(health.status == 503, "healthz reports the refused writes: \(health.text)")
        #expect(health.errorMessage?.contains("refuses writes") == true, "\(health.text)")
        let report = try await client.send("GET", "/api/sessions/\(session.id)", token: session.interviewer)
        #expect(report.status == 200, "reports are still served: \(report.text.prefix(300))")
        let stored = Set((report.json["events"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int })
        let lost = acknowledged.subtracting(stored)
        #expect(lost.isEmpty, "\(lost.count) acknowledged events are missing from the report")

        let log = server.log
        #expect(log.contains("refused the write") || log.contains("refuses writes"), "the log says the database refuses writes:\n\(log.suffix(2000))")
        #expect(log.contains("full"), "the log names the cause:\n\(log.suffix(2000))")
        print("disk full: \(acknowledged.count) events acknowledged and all stored, then 503 storage_unavailable")
    }

    @Test("read-only database: start-up refuses clearly with the path and the reason, and exits non-zero")
    func readOnlyDatabase() async throws {
        // A database with one acknowledged event, written by a normal server, then the same file on
        // a read-only mount.
        let server = NamespacedServer(tmpfsKiB: 4096, readOnlyAfterSeeding: true)
        defer { server.stop() }
        let outcome = try await server.startExpectingFailure()
        #expect(outcome.status != 0, "the server started on a read-only database")
        #expect(outcome.log.contains(server.databasePath), "the message names the file:\n\(outcome.log)")
        #expect(outcome.log.contains("read-only file system"),
                "the message names the reason:\n\(outcome.log)")
        #expect(outcome.seededEventStored, "the event acknowledged before the mount became read-only is still in the file")
    }
}

/// `vigil serve` inside `unshare -m` on a tmpfs of a given size mounted over a folder, so only it
/// sees the small (or read-only) disk. Its stderr (the log) goes to a file the test reads.
final class NamespacedServer: @unchecked Sendable {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-fault-\(UUID().uuidString)")
    var mountPoint: URL { folder.appendingPathComponent("disk") }
    var databasePath: String { mountPoint.appendingPathComponent("vigil.sqlite").path }
    var logFile: URL { folder.appendingPathComponent("server.log") }
    let tmpfsKiB: Int
    let readOnlyAfterSeeding: Bool
    private var process: Process?
    private(set) var port = 0
    private let output = Mutex()

    init(tmpfsKiB: Int, readOnlyAfterSeeding: Bool = false) {
        self.tmpfsKiB = tmpfsKiB
        self.readOnlyAfterSeeding = readOnlyAfterSeeding
    }

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }
    var isRunning: Bool { process?.isRunning == true }
    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// The shell run inside the namespace. Seeding (read-only case): a first server on the
    /// writable tmpfs stores one event through the API and is stopped; then the tmpfs is
    /// remounted read-only and the real server starts on it.
    private var script: String {
        let vigil = ServerProcess.binary
        let serve = "\"\(vigil)\" serve --port 0 --db \"$DISK/vigil.sqlite\" --data-dir \"$DISK\""
        var lines = ["set -e", "mount -t tmpfs -o size=\(tmpfsKiB)k tmpfs \"$DISK\""]
        if readOnlyAfterSeeding {
            lines += [
                "\(serve) > \"$DIR/seed.out\" 2> \"$DIR/seed.log\" &",
                "seed=$!",
                "for i in $(seq 300); do grep -q 'listening on' \"$DIR/seed.out\" && break; sleep 0.05; done",
                "port=$(sed -n 's/.*listening on http:\\/\\/127.0.0.1:\\([0-9]*\\).*/\\1/p' \"$DIR/seed.out\")",
                "curl -sf -X POST \"http://127.0.0.1:$port/api/sessions\" -H \"Authorization: Bearer $VIGIL_ADMIN_KEY\" -H 'Content-Type: application/json' -d '{\"candidate_name\": \"A\", \"interviewer_name\": \"B\"}' > \"$DIR/seed.json\"",
                "id=$(sed -n 's/.*\"id\" : \"\\([^\"]*\\)\".*/\\1/p' \"$DIR/seed.json\")",
                "curl -sf -X POST \"http://127.0.0.1:$port/api/sessions/$id/events\" -H \"Authorization: Bearer $VIGIL_ADMIN_KEY\" -H 'Content-Type: application/json' -d '{\"kind\": \"phone\", \"details\": \"seeded before read-only\"}' > \"$DIR/seed-event.json\"",
                "kill $seed; wait $seed || true",
                "mount -o remount,ro \"$DISK\"",
                "set +e",
                "\(serve)",
                "echo \"exit=$?\" > \"$DIR/exit\"",
                // The seeding server's clean stop checkpointed the WAL into the file, so an immutable read is exact.
                "sqlite3 \"file:$DISK/vigil.sqlite?immutable=1\" \"SELECT details FROM event\" > \"$DIR/after.txt\" 2>&1 || true",
            ]
        } else {
            lines.append("exec \(serve)")
        }
        return lines.joined(separator: "\n")
    }

    private func launch() throws -> Process {
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        // --kill-child: if the test dies, the namespace's shell and server go with it.
        process.arguments = ["--mount", "--propagation", "private", "--fork", "--kill-child=SIGTERM", "sh", "-c", script]
        var environment = ProcessInfo.processInfo.environment
        environment["VIGIL_ADMIN_KEY"] = ServerProcess.adminKey
        environment["VIGIL_LOG_LEVEL"] = "warning"
        environment["DISK"] = mountPoint.path
        environment["DIR"] = folder.path
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = try FileHandle(forWritingTo: logFile)
        pipe.fileHandleForReading.readabilityHandler = { [output] handle in
            let chunk = handle.availableData
            if !chunk.isEmpty { output.append(chunk) }
        }
        try process.run()
        self.process = process
        return process
    }

    func start() async throws {
        let process = try launch()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, process.isRunning {
            let text = output.text
            if let range = text.range(of: #"listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                port = Int(text[range].split(separator: ":").last!)!
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ServerProcess.ServerError.didNotStart("stdout: \(output.text)\nlog: \(log)")
    }

    struct Failure {
        var status: Int32
        var log: String
        var seededEventStored: Bool
    }

    func startExpectingFailure() async throws -> Failure {
        let process = try launch()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        let exit = (try? String(contentsOf: folder.appendingPathComponent("exit"), encoding: .utf8)) ?? "exit=none (still running?)"
        let status = Int32(exit.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "exit=", with: "")) ?? 0
        let seeded = (try? String(contentsOf: folder.appendingPathComponent("seed-event.json"), encoding: .utf8)) ?? ""
        let after = (try? String(contentsOf: folder.appendingPathComponent("after.txt"), encoding: .utf8)) ?? ""
        #expect(seeded.contains("\"id\""), "the seeding server did not acknowledge the event: \(seeded) \(log)")
        return Failure(status: status, log: log + output.text, seededEventStored: after.contains("seeded before read-only"))
    }

    func stop() {
        if let process, process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning, Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process = nil
        try? FileManager.default.removeItem(at: folder)
    }

    deinit { stop() }

    /// Collected stdout, shared with the pipe's reader thread.
    final class Mutex: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func append(_ chunk: Data) { lock.withLock { data.append(chunk) } }
        var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
    }
}
