import Foundation
import Testing

/// The real `vigil` binary running `serve` on a free loopback port with its own SQLite file, so
/// tests exercise exactly what operators run.
final class ServerProcess: @unchecked Sendable {
    static let adminKey = "test-admin-key-0123456789abcdef"

    let folder: URL
    let databasePath: String
    private(set) var process: Process?
    private(set) var port = 0
    private var output = Data()
    private let lock = NSLock()

    /// The built `vigil` executable: $VIGIL_BIN, else next to the test bundle.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["VIGIL_BIN"] { return path }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("vigil").path), folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("vigil").path
    }

    init(folder: URL? = nil) {
        self.folder = folder ?? FileManager.default.temporaryDirectory.appendingPathComponent("vigil-test-\(UUID().uuidString)")
        databasePath = self.folder.appendingPathComponent("vigil.sqlite").path
    }

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Starts the server and waits for its "listening" line.
    func start(extraEnvironment: [String: String] = [:]) async throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "--port", "0", "--db", databasePath, "--data-dir", folder.path]
        var environment = ProcessInfo.processInfo.environment
        environment["VIGIL_ADMIN_KEY"] = Self.adminKey
        environment["VIGIL_LOG_LEVEL"] = "warning"
        for (key, value) in extraEnvironment { environment[key] = value }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        lock.withLock { output = Data() }
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let chunk = handle.availableData
            guard let self, !chunk.isEmpty else { return }
            self.lock.withLock { self.output.append(chunk) }
        }
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let text = lock.withLock { String(decoding: output, as: UTF8.self) }
            if let range = text.range(of: #"listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                port = Int(text[range].split(separator: ":").last!)!
                return
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ServerError.didNotStart(lock.withLock { String(decoding: output, as: UTF8.self) })
    }

    /// SIGKILL: no shutdown code runs, as in a crash or an OOM kill.
    func kill9() {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    func stop() {
        guard let process, process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
        self.process = nil
    }

    func removeFiles() {
        try? FileManager.default.removeItem(at: folder)
    }

    deinit {
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    enum ServerError: Error {
        case didNotStart(String)
    }
}
