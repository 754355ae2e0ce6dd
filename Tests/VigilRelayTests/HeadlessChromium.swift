import Foundation

/// One headless Chromium with a fake camera (a y4m file) and fake microphone, opened on a page
/// and read through DevTools. Always `close()` it (tests do so in `defer`).
final class HeadlessChromium: @unchecked Sendable {
    let name: String
    let profile = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-chromium-\(UUID().uuidString)")
    private var process: Process?
    private(set) var devToolsURL = ""
    var logFile: URL { profile.appendingPathComponent("chromium.log") }
    /// The network namespace it runs in (`ip netns exec`), nil for the test's own.
    let namespace: String?
    /// Flags added to the usual ones (e.g. an insecure origin to treat as secure,
    /// `--ignore-certificate-errors` for a self-signed test server).
    var extraArguments: [String]
    private var bridge: NamespaceDevToolsBridge?

    init(name: String, namespace: String? = nil, extraArguments: [String] = []) {
        self.name = name
        self.namespace = namespace
        self.extraArguments = extraArguments
    }

    static var executable: String {
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"] where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        return "/usr/bin/chromium"
    }

    /// Starts Chromium on `url` (flags from ../shared/notes/webrtc.md) and waits for DevTools.
    /// `microphone`: a WAV file Chromium's fake microphone plays (looped) instead of its beeps.
    func open(_ url: String, camera: URL?, microphone: URL? = nil) async throws {
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        var arguments = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            "--autoplay-policy=no-user-gesture-required", "--user-data-dir=\(profile.path)", "--no-first-run",
            "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
            "--remote-debugging-port=0", "--remote-allow-origins=ws://127.0.0.1", "--enable-logging=stderr", "--v=0",
        ]
        if let camera { arguments.append("--use-file-for-fake-video-capture=\(camera.path)") }
        if let microphone { arguments.append("--use-file-for-fake-audio-capture=\(microphone.path)") }
        arguments += extraArguments
        arguments.append(url)
        let process = Process()
        if let namespace {
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
            process.arguments = ["netns", "exec", namespace, Self.executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: Self.executable)
            process.arguments = arguments
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: logFile)
        try process.run()
        self.process = process
        let portFile = profile.appendingPathComponent("DevToolsActivePort")
        let deadline = Date().addingTimeInterval(30)
        var lastError = "no DevTools port"
        while Date() < deadline {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), text.split(separator: "\n").count >= 2 {
                let lines = text.split(separator: "\n")
                devToolsURL = "ws://127.0.0.1:\(lines[0])\(lines[1])"
                if let namespace, let port = Int(lines[0]) {
                    let bridge = try NamespaceDevToolsBridge(namespace: namespace, devToolsPort: port, socket: profile.appendingPathComponent("devtools.sock"))
                    self.bridge = bridge
                    devToolsURL = "ws://127.0.0.1:\(bridge.port)\(lines[1])"
                }
                // Wait until the page's scripts ran.
                while Date() < deadline {
                    do {
                        if try await evaluate("typeof window.vigil === 'object'") as? Bool == true { return }
                        lastError = "window.vigil is not defined"
                    } catch {
                        lastError = "\(error)"
                    }
                    try await Task.sleep(for: .milliseconds(100))
                }
                break
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("\(name): Chromium did not open the page (\(lastError)): \(log.suffix(800))")
    }

    func evaluate(_ expression: String) async throws -> Any? {
        try await DevTools.evaluate(expression, browserURL: devToolsURL)
    }

    /// `window.vigil.state`.
    func state() async throws -> String { try await evaluate("window.vigil.state") as? String ?? "" }

    /// `await window.vigil.stats()` as a dictionary.
    func stats() async throws -> PageStats { PageStats(try await evaluate("window.vigil.stats()") as? [String: Any] ?? [:]) }

    /// Reloads the page (as a candidate pressing F5 mid-call).
    func reload() async throws {
        _ = try await evaluate("setTimeout(() => location.reload(), 0); true")
        try await Task.sleep(for: .milliseconds(300))
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if (try? await evaluate("typeof window.vigil === 'object'")) as? Bool == true { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("\(name): page did not come back after reload")
    }

    /// Sends `signal` to the browser and every process under it (renderer, GPU, network, audio):
    /// SIGSTOP makes the whole browser fall silent on the network at once — no media, no
    /// signaling, no goodbye — as a dropped network looks to the server; SIGCONT brings it back.
    func signalAll(_ signal: Int32) {
        guard let root = process?.processIdentifier else { return }
        var parents: [Int32: Int32] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let parent = Int32(fields[1]) { parents[pid] = parent }
        }
        func descends(_ pid: Int32) -> Bool {
            var current = pid
            for _ in 0..<16 {
                if current == root { return true }
                guard let parent = parents[current], parent > 1 else { return false }
                current = parent
            }
            return false
        }
        for pid in parents.keys where descends(pid) { kill(pid, signal) }
    }

    var log: String { ((try? String(contentsOf: logFile, encoding: .utf8)) ?? "").suffix(3000).description }

    /// Console lines the page logged (from --enable-logging=stderr), for failure messages.
    func pageLog() async -> String {
        ((try? await evaluate("window.vigil.log.join('\\n')")) as? String) ?? "(no page log)"
    }

    func close() {
        if let process, process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning, Date() < deadline { usleep(50_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        process = nil
        bridge?.stop()
        bridge = nil
        try? FileManager.default.removeItem(at: profile)
    }

    deinit { close() }
}

/// The figures of `window.vigil.stats()`.
struct PageStats {
    let raw: [String: Any]
    init(_ raw: [String: Any]) { self.raw = raw }

    private func figure(_ direction: String, _ kind: String, _ name: String) -> Double {
        let group = (raw[direction] as? [String: Any])?[kind] as? [String: Any]
        return (group?[name] as? NSNumber)?.doubleValue ?? 0
    }

    var state: String { raw["state"] as? String ?? "" }
    /// The page's clock (ms since 1970) when these figures were read.
    var at: Double { (raw["at"] as? NSNumber)?.doubleValue ?? 0 }
    /// The page's clock when it last sent `join` (nil before it joined).
    var joinSentAt: Double? { (raw["joinSentAt"] as? NSNumber)?.doubleValue }
    var framesDecoded: Double { figure("inbound", "video", "framesDecoded") }
    var framesSent: Double { figure("outbound", "video", "framesSent") }
    var receivedWidth: Double { figure("inbound", "video", "frameWidth") }
    var receivedHeight: Double { figure("inbound", "video", "frameHeight") }
    var sentWidth: Double { figure("outbound", "video", "frameWidth") }
    var audioSamplesReceived: Double { figure("inbound", "audio", "totalSamplesReceived") }
    var audioPacketsReceived: Double { figure("inbound", "audio", "packetsReceived") }
    var videoPacketsLost: Double { figure("inbound", "video", "packetsLost") }
    var qualityLimitation: String {
        ((raw["outbound"] as? [String: Any])?["video"] as? [String: Any])?["qualityLimitationReason"] as? String ?? ""
    }

    subscript(_ key: String) -> Any? { raw[key] }
}

extension PageStats: @unchecked Sendable {}
