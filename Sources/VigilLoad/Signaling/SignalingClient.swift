import Foundation
import HummingbirdWSClient
import Logging
import Synchronization

/// A raw signaling WebSocket: sends given texts, collects what the server answers and how it
/// closed the connection. For probing the server with inputs a page would never send (the
/// bad-input tests and `vigil-bench signaling-fuzz`); `LoadParticipant` is the well-behaved peer.
public enum SignalingClient {
    public struct Outcome: Sendable {
        /// Every JSON object received, its string and boolean fields as strings.
        public var messages: [[String: String]]
        /// When each of `messages` arrived, in seconds since the socket opened (for timeouts).
        public var arrivals: [Double] = []
        public var closeCode: Int?
        public var closeReason: String?

        /// The `code` of every error message received.
        public var errorCodes: [String] { messages.filter { $0["type"] == "error" }.compactMap { $0["code"] } }
    }

    /// Connects, sends each text (waiting `pause` after each), keeps reading for `linger` seconds
    /// or until the server closes the socket, whichever comes first; gives up after 30 s.
    public static func exchange(_ url: String, sending texts: [String], pause: Double = 0.3, linger: Double = 1.5) async throws -> Outcome {
        let collected = Collected()
        let configuration = WebSocketClientConfiguration(maxFrameSize: 4 << 20)
        let close = try await withThrowingTaskGroup(of: WebSocketCloseFrame?.self) { group in
            group.addTask {
                try await WebSocketClient.connect(url: url, configuration: configuration, logger: Logger(label: "signaling-client")) { inbound, outbound, _ in
                    let opened = ContinuousClock.now
                    let reader = Task {
                        for try await message in inbound.messages(maxSize: 4 << 20) {
                            guard case .text(let text) = message,
                                  let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { continue }
                            let fields = object.compactMapValues { value -> String? in
                                switch value {
                                case let text as String: text
                                case let flag as Bool: String(flag)
                                default: nil
                                }
                            }
                            let elapsed = ContinuousClock.now - opened
                            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                            collected.items.withLock { $0.append(fields) }
                            collected.arrivals.withLock { $0.append(seconds) }
                        }
                    }
                    for text in texts {
                        try await outbound.write(.text(text))
                        try await Task.sleep(for: .seconds(pause))
                    }
                    // Reading ends early when the server closes the socket: nothing more can come.
                    try await withThrowingTaskGroup(of: Void.self) { race in
                        race.addTask { _ = await reader.result }
                        race.addTask { try await Task.sleep(for: .seconds(linger)) }
                        try await race.next()
                        reader.cancel()  // ends the first child too, which awaits the reader
                        race.cancelAll()
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: .seconds(30))
                throw LoadError.signaling("no end to the exchange with \(url) within 30 s")
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        return Outcome(messages: collected.items.withLock { $0 }, arrivals: collected.arrivals.withLock { $0 }, closeCode: close.map { Int(UInt16(webSocketErrorCode: $0.closeCode)) },
                       closeReason: close?.reason)
    }

    /// What the reader task collected, shared with the caller.
    private final class Collected: Sendable {
        let items = Mutex<[[String: String]]>([])
        let arrivals = Mutex<[Double]>([])
    }
}
