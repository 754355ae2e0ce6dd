import Foundation
import HummingbirdWSClient
import Logging

/// Several DevTools commands over one connection and one page attachment, for what must share a
/// session (a viewport override before a screenshot, focus emulation before a clipboard read)
/// or is a browser-level command (`Browser.grantPermissions`). `DevTools.evaluate` stays the
/// one-shot reader the call tests poll with.
enum DevToolsSteps {
    struct Step: @unchecked Sendable {
        var method: String
        var params: [String: Any]
        /// Sent to the attached page (true) or to the browser (false).
        var onPage = true
    }

    /// Runs `steps` in order and returns each one's `result`.
    static func run(_ steps: [Step], browserURL: String, timeout: Duration = .seconds(30)) async throws -> [[String: Any]] {
        let box = ResultsBox()
        let configuration = WebSocketClientConfiguration(maxFrameSize: 32 << 20)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await WebSocketClient.connect(url: browserURL, configuration: configuration, logger: Logger(label: "devtools")) { inbound, outbound, _ in
                    var messages = inbound.messages(maxSize: 32 << 20).makeAsyncIterator()
                    var nextID = 0
                    func call(_ method: String, _ params: [String: Any], session: String?) async throws -> [String: Any] {
                        nextID += 1
                        let id = nextID
                        var request: [String: Any] = ["id": id, "method": method, "params": params]
                        if let session { request["sessionId"] = session }
                        try await outbound.write(.text(String(decoding: try JSONSerialization.data(withJSONObject: request), as: UTF8.self)))
                        while let message = try await messages.next() {
                            guard case .text(let text) = message,
                                  let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                                  object["id"] as? Int == id else { continue }
                            if let error = object["error"] as? [String: Any] { throw TestFailure("DevTools \(method): \(error)") }
                            return object["result"] as? [String: Any] ?? [:]
                        }
                        throw TestFailure("DevTools closed during \(method)")
                    }
                    let targets = try await call("Target.getTargets", [:], session: nil)["targetInfos"] as? [[String: Any]] ?? []
                    guard let page = targets.first(where: { $0["type"] as? String == "page" })?["targetId"] as? String else {
                        throw TestFailure("no page target")
                    }
                    guard let session = try await call("Target.attachToTarget", ["targetId": page, "flatten": true], session: nil)["sessionId"] as? String else {
                        throw TestFailure("could not attach to the page")
                    }
                    for step in steps {
                        box.append(try await call(step.method, step.params, session: step.onPage ? session : nil))
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw TestFailure("DevTools steps timed out: \(steps.map(\.method))")
            }
            try await group.next()
            group.cancelAll()
        }
        return box.results
    }

    /// The value of a `Runtime.evaluate` result, or the page's exception as a failure.
    static func value(_ result: [String: Any]) throws -> Any? {
        if let exception = result["exceptionDetails"] as? [String: Any] {
            throw TestFailure("page threw: \(exception["text"] ?? "") \((exception["exception"] as? [String: Any])?["description"] ?? "")")
        }
        return (result["result"] as? [String: Any])?["value"]
    }

    static func evaluate(_ expression: String, userGesture: Bool = false) -> Step {
        Step(method: "Runtime.evaluate", params: ["expression": expression, "awaitPromise": true, "returnByValue": true, "userGesture": userGesture])
    }

    /// Lays the page out at `width`×`height` CSS pixels and saves a PNG of it to `file`.
    static func screenshot(browserURL: String, width: Int, height: Int, mobile: Bool = false, to file: URL) async throws {
        let results = try await run([
            Step(method: "Emulation.setDeviceMetricsOverride", params: ["width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile]),
            evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"),
            Step(method: "Page.captureScreenshot", params: ["format": "png", "captureBeyondViewport": false]),
            Step(method: "Emulation.clearDeviceMetricsOverride", params: [:]),
        ], browserURL: browserURL)
        guard let base64 = results[2]["data"] as? String, let png = Data(base64Encoded: base64) else {
            throw TestFailure("no screenshot data")
        }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try png.write(to: file)
    }

    /// Where tests save screenshots for a person to look at: `test-screenshots/` in the
    /// repository (ignored by git).
    static func screenshotFile(_ name: String) -> URL {
        VigilServerProcess.repository.appendingPathComponent("test-screenshots").appendingPathComponent(name)
    }

    private final class ResultsBox: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [[String: Any]] = []
        func append(_ value: [String: Any]) { lock.withLock { stored.append(value) } }
        var results: [[String: Any]] { lock.withLock { stored } }
    }
}
