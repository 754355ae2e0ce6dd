import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import Metrics
import NIOCore
import NIOWebSocket
import VigilCore
import VigilMedia
import VigilStore

/// `GET /api/sessions/:id/signal?token=…` upgraded to a WebSocket: one per participant page.
/// The page sends join, answer, candidate and leave; the server sends welcome, offer,
/// candidate, peers, error, ended, and alert and event (see ProctoringMessage). Every message is checked
/// against the JSON Schema in `signaling/`; bad input gets an error message, and only bad
/// credentials or an oversized message close the socket, with a reason.
struct SignalingRoutes: Sendable {
    let store: Store
    let auth: TokenCheck
    let hub: RelayHub
    let schema: SignalingSchema
    let logger: Logger

    /// Largest message a page may send (an SDP answer is 2–6 KiB).
    static let maxMessageBytes = 64 * 1024
    /// Frames up to this size are read so that an oversized message gets a close with a reason.
    static let maxFrameBytes = 2 * 1024 * 1024

    /// Close codes in the 4000 range that the pages know (4400 + HTTP-like status).
    enum CloseCode {
        static let unauthorized = WebSocketErrorCode.unknown(4401)
        static let notFound = WebSocketErrorCode.unknown(4404)
        static let ended = WebSocketErrorCode.unknown(4409)
    }

    func register(on router: Router<SignalingRequestContext>) {
        router.ws("/api/sessions/:id/signal") { _, _ in .upgrade([:]) } onUpgrade: { inbound, outbound, context in
            let id = context.requestContext.parameters.get("id") ?? ""
            let token = TokenCheck.bearer(in: context.request)
            try await serve(session: id, token: token, inbound: inbound, outbound: outbound)
        }
    }

    private func send(_ fields: [String: JSONValue], _ outbound: WebSocketOutboundWriter) async throws {
        if let problem = schema.problem(with: .object(fields)) {
            logger.error("signaling: the server built an invalid message: \(problem)")
        }
        try await outbound.write(.text(SignalingOutgoing.text(fields)))
    }

    private func refuse(_ code: WebSocketErrorCode, _ errorCode: String, _ message: String, _ outbound: WebSocketOutboundWriter) async throws {
        Counter(label: "vigil_signaling_refused_total", dimensions: [("reason", errorCode)]).increment()
        try await send(SignalingOutgoing.error(errorCode, message, fatal: true), outbound)
        // Close reasons are limited to 123 bytes by the protocol.
        try await outbound.close(code, reason: String(message.utf8.prefix(120)) ?? errorCode)
    }

    func serve(session id: String, token: String?, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        // 1. Who is this? Same tokens as the API; the close reason says what to fix.
        guard let token, !token.isEmpty else {
            return try await refuse(CloseCode.unauthorized, "token_missing", "open the page from its join link: ?token=… is missing", outbound)
        }
        guard let info = try await store.session(id: id) else {
            return try await refuse(CloseCode.notFound, "session_not_found", "no session \(id)", outbound)
        }
        guard let role = try await store.role(of: token, in: id) else {
            return try await refuse(CloseCode.unauthorized, "token_invalid", "this token does not belong to session \(id)", outbound)
        }
        if info.endedAt != nil {
            return try await refuse(CloseCode.ended, "session_ended", "session \(id) has ended", outbound)
        }
        let relay: RelaySession
        do {
            relay = try await hub.session(id)
        } catch {
            return try await refuse(CloseCode.ended, "session_ended", error.description, outbound)
        }
        let participant = "\(role.rawValue)-\(UUID().uuidString.prefix(8).lowercased())"
        Counter(label: "vigil_signaling_connections_total", dimensions: [("role", role.rawValue)]).increment()

        // 2. Everything the relay says to this page goes through one ordered stream, written by
        //    a child task, so GStreamer threads never wait on the socket.
        let (signals, signalSink) = AsyncStream.makeStream(of: RelaySignal.self)
        try await send([
            "type": .string("welcome"), "session": .string(id), "participant": .string(participant), "role": .string(role.rawValue),
            "candidateName": .string(info.candidateName), "interviewerName": .string(info.interviewerName),
            "iceServers": .array(hub.configuration.iceServersForPages.map { .object($0.mapValues(JSONValue.string)) }),
        ], outbound)

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await signal in signals {
                    try await send(SignalingOutgoing.fields(signal), outbound)
                    if signal == .ended || signal.isFatal {
                        try await outbound.close(signal == .ended ? .normalClosure : .goingAway,
                                                 reason: signal == .ended ? "session ended" : "rejoin needed")
                        return
                    }
                }
            }
            defer { group.cancelAll() }
            var joined = false
            do {
                for try await message in inbound.messages(maxSize: Self.maxFrameBytes) {
                    guard case .text(let text) = message else {
                        try await send(SignalingOutgoing.error("invalid_message", "send JSON text messages, not binary"), outbound)
                        continue
                    }
                    if text.utf8.count > Self.maxMessageBytes {
                        Counter(label: "vigil_signaling_refused_total", dimensions: [("reason", "message_too_large")]).increment()
                        try await send(SignalingOutgoing.error("message_too_large", "a message of \(text.utf8.count) bytes is over the \(Self.maxMessageBytes / 1024) KiB limit", fatal: true), outbound)
                        try await outbound.close(.messageTooLarge, reason: "message over \(Self.maxMessageBytes / 1024) KiB")
                        break
                    }
                    let (reply, leaving) = await handle(text, relay: relay, participant: participant, role: role, joined: &joined, signalSink: signalSink)
                    if let reply { try await send(reply, outbound) }
                    if leaving { break }
                }
            } catch {
                logger.debug("signaling socket closed with error", metadata: ["participant": "\(participant)", "error": "\(error)"])
            }
            signalSink.finish()
            await relay.leave(participant: participant, reason: "page closed the connection")
        }
    }

    /// One message from the page; returns the error reply, if any, and whether the page leaves.
    private func handle(_ text: String, relay: RelaySession, participant: String, role: ParticipantRole, joined: inout Bool,
                        signalSink: AsyncStream<RelaySignal>.Continuation) async -> ([String: JSONValue]?, Bool) {
        let reply = await reply(to: text, relay: relay, participant: participant, role: role, joined: &joined, signalSink: signalSink)
        return (reply, reply == nil && text.contains("\"leave\"") && (try? JSONValue(parsing: Data(text.utf8)))?.object?["type"] == .string("leave"))
    }

    private func reply(to text: String, relay: RelaySession, participant: String, role: ParticipantRole, joined: inout Bool,
                       signalSink: AsyncStream<RelaySignal>.Continuation) async -> [String: JSONValue]? {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: Data(text.utf8))
        } catch {
            return SignalingOutgoing.error("bad_json", "the message is not valid JSON")
        }
        if let problem = schema.problem(with: value) {
            return SignalingOutgoing.error("invalid_message", problem)
        }
        let message: SignalingIncoming
        switch SignalingIncoming.read(value) {
        case .success(let read): message = read
        case .failure(let failure): return SignalingOutgoing.error(failure.code, failure.message)
        }
        do {
            switch message {
            case .join:
                if joined {
                    // A page restarting its peer connection (ICE failure) rejoins on the same socket.
                    await relay.leave(participant: participant, reason: "rejoined")
                }
                joined = true
                try await relay.join(participant: participant, role: role) { signal in signalSink.yield(signal) }
            case .answer(let sdp):
                guard joined else { return SignalingOutgoing.error("not_joined", "send 'join' first; the answer answers the server's offer") }
                try await relay.answer(participant: participant, sdp: sdp)
            case .candidate(let candidate, let mline):
                guard joined else { return SignalingOutgoing.error("not_joined", "send 'join' first") }
                try await relay.addCandidate(participant: participant, mline: mline, candidate: candidate)
            case .leave:
                return nil
            }
        } catch let error as MediaError {
            let code: String
            switch error {
            case .invalidSessionDescription: code = "invalid_sdp"
            case .invalidCandidate: code = "invalid_candidate"
            case .sessionEnded: code = "session_ended"
            case .alreadyInCall: code = "already_in_call"
            case .unknownParticipant: code = "not_joined"
            case .dtlsCertificateUnavailable: code = "relay_unavailable"
            default: code = "relay_failure"
            }
            if code == "relay_failure" || code == "relay_unavailable" { logger.error("relay failure", metadata: ["participant": "\(participant)", "error": "\(error)"]) }
            if code == "already_in_call" { joined = false }
            return SignalingOutgoing.error(code, error.description, fatal: code == "session_ended" || code == "already_in_call")
        } catch {
            return SignalingOutgoing.error("relay_failure", "\(error)")
        }
        return nil
    }
}
