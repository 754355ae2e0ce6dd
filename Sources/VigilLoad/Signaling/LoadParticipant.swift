import HummingbirdWSClient
import Logging
import Synchronization

/// One role (candidate or interviewer) joined through the signaling WebSocket, as a page would:
/// join → welcome and offer → answer, ICE candidates both ways. Each offer builds a new
/// `LoadPeer` (the server offers again when the participant rejoins). Local candidates come from
/// GStreamer threads and reach the socket through an `AsyncStream`, so no callback waits.
final class LoadParticipant: Sendable {
    let role: String
    let url: String
    let media: LoadMedia
    let decodeVideo: Bool
    private let peer = Mutex<LoadPeer?>(nil)
    private let problems = Mutex<[String]>([])
    private let outgoing: AsyncStream<Outbound>
    private let send: AsyncStream<Outbound>.Continuation

    /// What the socket writer sends. Local candidates wait until the answer went out (the
    /// server expects the answer first); a new offer starts the wait again.
    enum Outbound: Sendable {
        case message(String)
        case newOffer
        case answer(String)
        case candidate(String)
        case close
    }

    init(role: String, url: String, media: LoadMedia, decodeVideo: Bool) {
        self.role = role
        self.url = url
        self.media = media
        self.decodeVideo = decodeVideo
        (outgoing, send) = AsyncStream.makeStream(of: Outbound.self)
    }

    var counts: LoadPeerCounts {
        var counts = peer.withLock { $0 }?.counts ?? .none
        counts.problems = problems.withLock { $0 } + counts.problems
        return counts
    }

    /// Runs until `leave` or until the server closes the socket; errors are kept in `counts`.
    func run() async {
        do {
            try await connect()
        } catch {
            note("\(role): \(error)")
        }
        // Stopped but kept: its counters stay readable after the call.
        if let last = peer.withLock({ $0 }) { await last.stop() }
    }

    /// Sends `leave` and closes the socket; `run` then returns.
    func leave() {
        send.yield(.message(LoadSignaling.Outgoing.leave.text))
        send.yield(.close)
    }

    private func note(_ problem: String) { problems.withLock { $0.append(problem) } }

    private func connect() async throws {
        let send = self.send, outgoing = self.outgoing
        let closed = try await WebSocketClient.connect(url: url, logger: Logger(label: "vigil-load")) { inbound, outbound, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    var answerSent = false
                    var waiting: [String] = []
                    for await item in outgoing {
                        switch item {
                        case .message(let text): try await outbound.write(.text(text))
                        case .newOffer:
                            answerSent = false
                            waiting.removeAll()
                        case .answer(let text):
                            try await outbound.write(.text(text))
                            answerSent = true
                            for line in waiting { try await outbound.write(.text(line)) }
                            waiting.removeAll()
                        case .candidate(let text):
                            if answerSent { try await outbound.write(.text(text)) } else { waiting.append(text) }
                        case .close:
                            try await outbound.close(.normalClosure, reason: "load client done")
                            return
                        }
                    }
                }
                send.yield(.message(LoadSignaling.Outgoing.join().text))
                var pending: [(String, Int)] = []
                var answered = false
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message, let incoming = LoadSignaling.Incoming.parse(text) else { continue }
                    switch incoming.type {
                    case "offer":
                        answered = false
                        send.yield(.newOffer)
                        try await self.answer(incoming.sdp ?? "")
                        answered = true
                        for (line, mline) in pending { self.peer.withLock { $0 }?.addCandidate(line, mline: mline) }
                        pending.removeAll()
                    case "candidate":
                        let line = incoming.candidate ?? "", mline = incoming.sdpMLineIndex ?? 0
                        if answered { self.peer.withLock { $0 }?.addCandidate(line, mline: mline) } else { pending.append((line, mline)) }
                    case "error":
                        self.note("server error \(incoming.code ?? "?"): \(incoming.message ?? "")")
                    case "ended":
                        send.yield(.close)
                    default:
                        break
                    }
                }
                group.cancelAll()
            }
        }
        if let closed, closed.closeCode != .normalClosure {
            note("socket closed by the server: \(closed.closeCode) \(closed.reason ?? "")")
        }
    }

    /// Replaces the peer with a new one for this offer and sends the answer.
    private func answer(_ sdp: String) async throws {
        if let old = peer.withLock({ value in defer { value = nil }; return value }) { await old.stop() }
        let send = self.send
        let fresh = try LoadPeer(role: role, media: media, decodeVideo: decodeVideo) { mline, line in
            send.yield(.candidate(LoadSignaling.Outgoing.candidate(line, mline: mline).text))
        }
        peer.withLock { $0 = fresh }
        try fresh.play()
        let answer = try await fresh.answer(offer: sdp)
        send.yield(.answer(LoadSignaling.Outgoing.answer(answer).text))
    }
}
