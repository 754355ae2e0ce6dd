import Foundation
import HummingbirdWSClient
import Logging

/// A raw signaling WebSocket for the bad-input tests: sends given texts, collects what the
/// server answers and how it closed the connection.
enum SignalingClient {
    struct Outcome: Sendable {
        var messages: [[String: String]]
        var closeCode: Int?
        var closeReason: String?

        /// The `code` of every error message received.
        var errorCodes: [String] { messages.filter { $0["type"] == "error" }.compactMap { $0["code"] } }
    }

    /// Connects, sends each text (waiting `pause` after each), keeps reading for `linger` seconds.
    static func exchange(_ url: String, sending texts: [String], pause: Double = 0.3, linger: Double = 1.5) async throws -> Outcome {
        let collected = Collected()
        let configuration = WebSocketClientConfiguration(maxFrameSize: 4 << 20)
        let close = try await withThrowingTaskGroup(of: WebSocketCloseFrame?.self) { group in
            group.addTask {
                try await WebSocketClient.connect(url: url, configuration: configuration, logger: Logger(label: "signaling-test")) { inbound, outbound, _ in
                    let reader = Task {
                        for try await message in inbound.messages(maxSize: 4 << 20) {
                            guard case .text(let text) = message,
                                  let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { continue }
                            collected.add(object.compactMapValues { value in
                                switch value {
                                case let text as String: text
                                case let flag as Bool: String(flag)
                                default: nil
                                }
                            })
                        }
                    }
                    for text in texts {
                        try await outbound.write(.text(text))
                        try await Task.sleep(for: .seconds(pause))
                    }
                    try await Task.sleep(for: .seconds(linger))
                    reader.cancel()
                }
            }
            group.addTask {
                try await Task.sleep(for: .seconds(30))
                throw TestFailure("signaling exchange timed out")
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        return Outcome(messages: collected.all, closeCode: close.map { Int(UInt16(webSocketErrorCode: $0.closeCode)) }, closeReason: close?.reason)
    }

    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [[String: String]] = []
        func add(_ item: [String: String]) { lock.withLock { items.append(item) } }
        var all: [[String: String]] { lock.withLock { items } }
    }
}
