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
/// credentials, an oversized message or a flood close the socket, with a reason. The limits
/// (`SignalingGuards`): wrong tokens per client address, live sessions per server, proctors per
/// session, an answer within the join timeout, messages per second per socket.
struct SignalingRoutes: Sendable {
    let store: Store
    let auth: TokenCheck
    let hub: RelayHub
    let schema: SignalingSchema
    let guards: SignalingGuards
    /// On PostgreSQL: which node runs each session (a page on the wrong node is redirected).
    let node: NodeMembership?
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
        static let tooManyFailures = WebSocketErrorCode.unknown(4429)
        static let serverFull = WebSocketErrorCode.unknown(4503)
        /// After a `redirect` message: the session's call runs on another node.
        static let redirect = WebSocketErrorCode.unknown(4307)
    }

    func register(on router: Router<SignalingRequestContext>) {
        router.ws("/api/sessions/:id/signal") { _, _ in .upgrade([:]) } onUpgrade: { inbound, outbound, context in
            let id = context.requestContext.parameters.get("id") ?? ""
            let token = TokenCheck.bearer(in: context.request)
            let client = guards.addresses.clientAddress(peer: context.requestContext.peerAddress, headers: context.request.headers)
            try await serve(session: id, token: token, client: client, inbound: inbound, outbound: outbound)
        }
    }

    private func send(_ fields: [String: JSONValue], _ outbound: WebSocketOutboundWriter) async throws {
        if let problem = schema.problem(with: .object(fields)) {
            logger.error("signaling: the server built an invalid message: \(problem)")
        }
        try await outbound.write(.text(SignalingOutgoing.text(fields)))
    }

    private func refuse(_ code: WebSocketErrorCode, _ errorCode: String, _ message: String, retryAfter: Int? = nil,
                        _ outbound: WebSocketOutboundWriter) async throws {
        Counter(label: "vigil_signaling_refused_total", dimensions: [("reason", errorCode)]).increment()
        try await send(SignalingOutgoing.error(errorCode, message, fatal: true, retryAfter: retryAfter), outbound)
        // Close reasons are limited to 123 bytes by the protocol.
        try await outbound.close(code, reason: String(message.utf8.prefix(120)) ?? errorCode)
    }

    func serve(session id: String, token: String?, client: String, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        // 1. Who is this? Same tokens as the API; the close reason says what to fix. A valid
        //    token is never refused by the failure limit: only failures are counted and limited.
        let presented = token.flatMap { $0.isEmpty ? nil : $0 }
        let info: SessionInfo? = if presented != nil { try await store.session(id: id) } else { nil }
        // The admin key watches as a proctor (the live console's tiles), under the proctor cap.
        let role: ParticipantRole? = if let presented, info != nil {
            auth.isAdmin(presented) ? .proctor : try await store.role(of: presented, in: id)
        } else { nil }
        guard let info, let role else {
            if !(await guards.authFailures.allows(client)) {
                let seconds = await guards.authFailures.retryAfter(client)
                return try await refuse(CloseCode.tooManyFailures, "too_many_failures",
                                        "too many wrong tokens from \(client); wait \(seconds) s", retryAfter: seconds, outbound)
            }
            await guards.authFailures.record(client)
            if presented == nil {
                return try await refuse(CloseCode.unauthorized, "token_missing", "open the page from its join link: ?token=… is missing", outbound)
            }
            if info == nil {
                return try await refuse(CloseCode.notFound, "session_not_found", "no session \(id)", outbound)
            }
            return try await refuse(CloseCode.unauthorized, "token_invalid", "this token does not belong to session \(id)", outbound)
        }
        if info.endedAt != nil {
            return try await refuse(CloseCode.ended, "session_ended", "session \(id) has ended", outbound)
        }
        // 2. On a cluster: the session's node serves its pages. A page that reached another node
        //    is redirected there; a session whose node died is taken over (placed again) first.
        if let node {
            let route: NodeMembership.Route
            do {
                route = try await node.route(session: id)
            } catch {
                return try await refuse(CloseCode.serverFull, "no_node_available", error.description, retryAfter: 2, outbound)
            }
            if case .elsewhere(let placement) = route {
                Counter(label: "vigil_signaling_redirects_total").increment()
                try await send(["type": .string("redirect"), "node": .string(placement.node), "url": .string(placement.url)], outbound)
                try await outbound.close(CloseCode.redirect, reason: String("session \(id) runs on node \(placement.node)".utf8.prefix(120)))
                return
            }
        }
        let participant = "\(role.rawValue)-\(UUID().uuidString.prefix(8).lowercased())"
        // 3. A place on this server: the session is live while one of its pages is connected.
        do {
            try await guards.admission.openSocket(participant, session: id)
        } catch {
            return try await refuse(CloseCode.serverFull, error.code, error.message, outbound)
        }
        // The sessions list tells created from live by the first page admitted (a read first, so
        // later sockets of the session do not wait for a write).
        do {
            if try await store.joinedAt(id) == nil { try await store.markJoined(id, at: Date()) }
        } catch {
            logger.warning("could not note the first join", metadata: ["session": "\(id)", "error": "\(error)"])
        }
        do {
            try await serveAdmitted(info, role: role, participant: participant, inbound: inbound, outbound: outbound)
        } catch {
            await guards.admission.closeSocket(participant, session: id)
            throw error
        }
        await guards.admission.closeSocket(participant, session: id)
    }

    private func serveAdmitted(_ info: SessionInfo, role: ParticipantRole, participant: String,
                               inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let id = info.id
        let relay: RelaySession
        do {
            relay = try await hub.session(id)
        } catch {
            return try await refuse(CloseCode.ended, "session_ended", error.description, outbound)
        }
        Counter(label: "vigil_signaling_connections_total", dimensions: [("role", role.rawValue)]).increment()

        // 4. Everything the relay says to this page goes through one ordered stream, written by
        //    a child task, so GStreamer threads never wait on the socket.
        let (signals, signalSink) = AsyncStream.makeStream(of: RelaySignal.self)
        var welcome: [String: JSONValue] = [
            "type": .string("welcome"), "session": .string(id), "participant": .string(participant), "role": .string(role.rawValue),
            "candidateName": .string(info.candidateName), "interviewerName": .string(info.interviewerName),
            "iceServers": .array(hub.configuration.iceServersForPages.map { .object($0.mapValues(JSONValue.string)) }),
        ]
        // Where the page may signal if this node stops answering (the one it asks redirects it on).
        if let node { welcome["nodes"] = .array(await node.otherLiveNodeURLs().prefix(16).map(JSONValue.string)) }
        try await send(welcome, outbound)

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
            var budget = MessageBudget(burst: guards.messagesPerSecond)
            let deadline = JoinDeadline()
            do {
                messages: for try await message in inbound.messages(maxSize: Self.maxFrameBytes) {
                    switch budget.spend() {
                    case .accepted:
                        break
                    case .dropped(let first):
                        if first {
                            Counter(label: "vigil_signaling_refused_total", dimensions: [("reason", "rate_limited")]).increment()
                            try await send(SignalingOutgoing.error("rate_limited", "over \(guards.messagesPerSecond) messages/s: this message and the next ones are dropped until the rate falls", retryAfter: 1), outbound)
                        }
                        continue
                    case .flooding:
                        Counter(label: "vigil_signaling_refused_total", dimensions: [("reason", "flooding")]).increment()
                        try await send(SignalingOutgoing.error("rate_limited", "kept sending over \(guards.messagesPerSecond) messages/s; the connection is closed", fatal: true), outbound)
                        try await outbound.close(.policyViolation, reason: "flooding: over \(guards.messagesPerSecond) messages/s")
                        break messages
                    }
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
                    let (reply, leaving) = await handle(text, relay: relay, participant: participant, role: role, joined: &joined,
                                                        deadline: deadline, signalSink: signalSink)
                    if let reply { try await send(reply, outbound) }
                    if leaving { break }
                }
            } catch {
                logger.debug("signaling socket closed with error", metadata: ["participant": "\(participant)", "error": "\(error)"])
            }
            deadline.disarm()
            signalSink.finish()
            await relay.leave(participant: participant, reason: "page closed the connection")
        }
    }

    /// One message from the page; returns the error reply, if any, and whether the page leaves.
    private func handle(_ text: String, relay: RelaySession, participant: String, role: ParticipantRole, joined: inout Bool,
                        deadline: JoinDeadline, signalSink: AsyncStream<RelaySignal>.Continuation) async -> ([String: JSONValue]?, Bool) {
        let reply = await reply(to: text, relay: relay, participant: participant, role: role, joined: &joined,
                                deadline: deadline, signalSink: signalSink)
        return (reply, reply == nil && text.contains("\"leave\"") && (try? JSONValue(parsing: Data(text.utf8)))?.object?["type"] == .string("leave"))
    }

    private func reply(to text: String, relay: RelaySession, participant: String, role: ParticipantRole, joined: inout Bool,
                       deadline: JoinDeadline, signalSink: AsyncStream<RelaySignal>.Continuation) async -> [String: JSONValue]? {
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
                do {
                    try await guards.admission.joinCall(participant, role: role, session: relay.id)
                } catch {
                    joined = false
                    Counter(label: "vigil_signaling_refused_total", dimensions: [("reason", error.code)]).increment()
                    return SignalingOutgoing.error(error.code, error.message, fatal: true)
                }
                joined = true
                do {
                    try await relay.join(participant: participant, role: role) { signal in signalSink.yield(signal) }
                } catch {
                    await guards.admission.leaveCall(participant, session: relay.id)
                    throw error
                }
                armJoinDeadline(deadline, relay: relay, participant: participant, signalSink: signalSink)
            case .answer(let sdp):
                guard joined else { return SignalingOutgoing.error("not_joined", "send 'join' first; the answer answers the server's offer") }
                try await relay.answer(participant: participant, sdp: sdp)
                deadline.disarm()
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

    /// After the offer was sent: a page that does not answer within the join timeout loses its
    /// pipeline and hears `join_timeout` (fatal: the socket closes, the page joins again).
    private func armJoinDeadline(_ deadline: JoinDeadline, relay: RelaySession, participant: String,
                                 signalSink: AsyncStream<RelaySignal>.Continuation) {
        let admission = guards.admission, logger = logger
        let seconds = guards.joinTimeoutSeconds.rounded() == guards.joinTimeoutSeconds ? String(Int(guards.joinTimeoutSeconds)) : String(guards.joinTimeoutSeconds)
        deadline.arm(after: guards.joinTimeout) {
            await relay.leave(participant: participant, reason: "no answer to the offer within \(seconds) s")
            await admission.leaveCall(participant, session: relay.id)
            Counter(label: "vigil_signaling_refused_total", dimensions: [("reason", "join_timeout")]).increment()
            logger.info("join dropped: no answer", metadata: ["participant": "\(participant)", "timeout_s": "\(seconds)"])
            signalSink.yield(.error(code: "join_timeout",
                                    message: "the page did not answer the server's offer within \(seconds) s; its join was dropped, join again",
                                    fatal: true))
        }
    }
}
