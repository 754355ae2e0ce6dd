import Foundation
import HummingbirdWSClient
import Logging

/// Reads a page's state through Chromium's DevTools protocol on the browser endpoint named in
/// the profile's DevToolsActivePort file: one short WebSocket per evaluation (find the page
/// target, attach, `Runtime.evaluate` with `awaitPromise` and `returnByValue`), so no connection
/// state can go stale between polls. (FoundationNetworking cannot read Chromium's /json/list.)
enum DevTools {
    /// Evaluates `expression` in the page; promises are awaited; the value comes back as JSON.
    static func evaluate(_ expression: String, browserURL: String) async throws -> Any? {
        let reply = ReplyBox()
        let configuration = WebSocketClientConfiguration(maxFrameSize: 8 << 20)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await WebSocketClient.connect(url: browserURL, configuration: configuration, logger: Logger(label: "devtools")) { inbound, outbound, _ in
                    var messages = inbound.messages(maxSize: 8 << 20).makeAsyncIterator()
                    func call(_ id: Int, _ method: String, _ params: [String: Any], session: String? = nil) async throws -> [String: Any] {
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
                    let targets = try await call(1, "Target.getTargets", [:])["targetInfos"] as? [[String: Any]] ?? []
                    guard let page = targets.first(where: { $0["type"] as? String == "page" })?["targetId"] as? String else {
                        throw TestFailure("no page target")
                    }
                    guard let session = try await call(2, "Target.attachToTarget", ["targetId": page, "flatten": true])["sessionId"] as? String else {
                        throw TestFailure("could not attach to the page")
                    }
                    let result = try await call(3, "Runtime.evaluate", ["expression": expression, "awaitPromise": true, "returnByValue": true], session: session)
                    reply.set(result)
                }
            }
            group.addTask {
                try await Task.sleep(for: .seconds(15))
                throw TestFailure("DevTools evaluation timed out: \(expression.prefix(80))")
            }
            try await group.next()
            group.cancelAll()
        }
        guard let result = reply.value else { throw TestFailure("DevTools gave no result for \(expression.prefix(80))") }
        if let exception = result["exceptionDetails"] as? [String: Any] {
            throw TestFailure("page threw: \(exception["text"] ?? "") \((exception["exception"] as? [String: Any])?["description"] ?? "")")
        }
        return (result["result"] as? [String: Any])?["value"]
    }

    private final class ReplyBox: @unchecked Sendable {
        private let lock = NSLock()
        private var result: [String: Any]?
        func set(_ value: [String: Any]) { lock.withLock { result = value } }
        var value: [String: Any]? { lock.withLock { result } }
    }
}
