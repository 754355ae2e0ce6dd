import Foundation

/// Debian's coturn (`turnserver`) on one address, UDP and TCP on port 3478, long-term
/// credentials, no TLS, its state and log in a folder of its own. Started and stopped by the
/// test that uses it.
final class TURNServer: @unchecked Sendable {
    let address: String
    let port: Int
    let user = "vigil"
    let password = "turn-test-\(UUID().uuidString.prefix(8))"
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-turn-\(UUID().uuidString)")
    private var process: Process?
    var logFile: URL { folder.appendingPathComponent("turnserver.log") }

    init(address: String, port: Int = 3478) {
        self.address = address
        self.port = port
    }

    /// The URL for `VIGIL_TURN_SERVERS`; `transport` nil lets each side use UDP and TCP.
    func url(transport: String? = nil) -> String {
        "turn://\(user):\(password)@\(address):\(port)" + (transport.map { "?transport=\($0)" } ?? "")
    }

    func start() async throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/turnserver")
        process.arguments = [
            "--listening-ip=\(address)", "--relay-ip=\(address)", "--listening-port=\(port)",
            "--min-port=49152", "--max-port=49400",
            "--lt-cred-mech", "--user=\(user):\(password)", "--realm=vigil.test", "--fingerprint",
            "--no-tls", "--no-dtls", "--no-cli", "--no-rfc5780", "--no-stun-backward-compatibility",
            "--userdb=\(folder.appendingPathComponent("turndb").path)", "--pidfile=\(folder.appendingPathComponent("turnserver.pid").path)",
            "--log-file=stdout", "--simple-log", "--verbose",
        ]
        process.standardOutput = try FileHandle(forWritingTo: logFile)
        process.standardError = process.standardOutput
        try process.run()
        self.process = process
        // Ready once it listens on both transports.
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let sockets = (try? Shell.run("/usr/bin/ss", "-Hlntu", "src", "\(address):\(port)")) ?? ""
            if sockets.contains("udp"), sockets.contains("tcp") { return }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("coturn did not start on \(address):\(port): \(log)")
    }

    var log: String { ((try? String(contentsOf: logFile, encoding: .utf8)) ?? "").suffix(4000).description }

    /// Allocations coturn made, by transport of the client's connection ("UDP", "TCP").
    func allocations() -> [String] {
        let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { $0.contains("ALLOCATE") && $0.contains("success") }.map(String.init)
    }

    func stop() {
        // SIGKILL: it inherits the test process's blocked signals (SIGTERM would wait forever),
        // and it keeps nothing worth a clean exit.
        if let process, process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        process = nil
        try? FileManager.default.removeItem(at: folder)
    }

    deinit { stop() }
}
