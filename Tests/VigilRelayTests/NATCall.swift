import Foundation
import Testing
import VigilLoad

/// One call across a `NATNetwork`: the server (listening on every address, so home reaches it
/// on the public side) and optionally coturn on the public side, the interviewer a load peer in
/// the test's own namespace, the candidate a headless Chromium in the home namespace, behind the
/// NAT and its firewall. Everything is started by `start` and stopped by `close`.
final class NATCall: @unchecked Sendable {
    let network = NATNetwork()
    let turn: TURNServer?
    let server: VigilServerProcess
    private(set) var candidate: HeadlessChromium?
    private(set) var interviewer: LoadViewer?
    private(set) var session: InterviewLinks?

    /// `turnTransport`: nil for no TURN server at all, "" for a TURN URL without a transport
    /// (both sides then use UDP and TCP), "udp" or "tcp" for one.
    /// The server's UDP (and ICE-TCP) media ports in every NAT test, as README's deployment
    /// section tells an operator to set and open them.
    static let mediaPorts = 40000...40999

    init(turnTransport: String?) {
        let address = network.turnAddress
        let turn = turnTransport.map { _ in TURNServer(address: address) }
        self.turn = turn
        var environment = ["VIGIL_HOST": "0.0.0.0", "VIGIL_MEDIA_PORTS": "\(Self.mediaPorts.lowerBound)-\(Self.mediaPorts.upperBound)"]
        if let turn, let transport = turnTransport {
            environment["VIGIL_TURN_SERVERS"] = turn.url(transport: transport.isEmpty ? nil : transport)
        }
        server = VigilServerProcess(environment: environment)
    }

    /// Builds the network (open), starts coturn and the server, then applies `policy`.
    func start(policy: (_ webPort: Int) -> NATNetwork.FirewallPolicy) async throws {
        try network.create()
        try await turn?.start()
        try await server.start()
        try network.apply(policy(server.port))
    }

    /// The interviewer joins (load peer, loopback), then the candidate's Chromium in the home
    /// namespace opens its link on the server's public address and presses Join.
    func join() async throws {
        let links = try await server.createSession()
        session = links
        let photo = RelayBrowserTests.AiortcCandidateTests.photo
        let interviewer = LoadViewer(server: server.baseURL, session: links.id, role: "interviewer",
                                     token: links.token(.interviewer), media: LoadMedia(photo: photo))
        self.interviewer = interviewer
        interviewer.start()

        var page = URLComponents(string: links.link(.candidate))!
        page.scheme = "http"
        page.host = network.publicAddress
        page.port = server.port
        let origin = "http://\(network.publicAddress):\(server.port)"
        // getUserMedia needs a secure context: localhost or HTTPS, or an origin named here.
        let candidate = HeadlessChromium(name: "candidate (home, behind the NAT)", namespace: network.home,
                                         extraArguments: ["--unsafely-treat-insecure-origin-as-secure=\(origin)"])
        self.candidate = candidate
        try await candidate.open(page.string!, camera: try TestMedia.candidateCamera)
        let ready = try await Self.waitFor(timeout: 15) {
            try await candidate.evaluate("""
                (() => { const c = document.querySelector('#consent'); if (!c.checked) c.click();
                         const j = document.querySelector('#join'); return !j.disabled; })()
                """) as? Bool == true
        }
        guard ready else { throw TestFailure("the candidate's Join button never enabled: \(await candidate.pageLog())") }
        _ = try await candidate.evaluate("document.querySelector('#join').click(); true")
    }

    /// True once both sides decode at least `frames` video frames from each other.
    func waitForMedia(frames: Double = 30, timeout: Double) async throws -> Bool {
        guard let candidate, let interviewer else { return false }
        return try await Self.waitFor(timeout: timeout) {
            let stats = try await candidate.stats()
            return stats.state == "connected" && stats.framesDecoded >= frames && Double(interviewer.counts.videoFrames) >= frames
        }
    }

    /// The candidate page's selected ICE candidate pair, from its RTCPeerConnection's getStats.
    func selectedPair() async throws -> SelectedCandidatePair? {
        guard let candidate else { return nil }
        let value = try await candidate.evaluate(SelectedCandidatePair.script) as? [String: Any]
        return value.map(SelectedCandidatePair.init)
    }

    func diagnostics() async -> String {
        var text = "network: \(network.firewallState)\n"
        if let candidate {
            text += "candidate page log:\n\(await candidate.pageLog())\n"
            if let stats = try? await candidate.stats() { text += "candidate stats: \(stats.raw)\n" }
            text += "candidate chromium log:\n\(candidate.log.suffix(1500))\n"
        }
        if let interviewer { text += "interviewer (load peer): \(interviewer.counts)\n" }
        if let turn { text += "coturn log:\n\(turn.log.suffix(2000))\n" }
        text += "server log:\n\(server.log)\n"
        return text
    }

    func close() async {
        candidate?.close()
        await interviewer?.stop()
        server.stop()
        server.removeFiles()
        turn?.stop()
        network.destroy()
    }

    static func waitFor(timeout: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return false
    }
}

/// Runs `body` with a started `NATCall`, skipping (with the kernel's reason) where network
/// namespaces are not allowed, and always closing it.
func withNATCall(turnTransport: String?, policy: @escaping (_ webPort: Int) -> NATNetwork.FirewallPolicy,
                 _ body: (NATCall) async throws -> Void) async throws {
    if let reason = NATNetwork.unavailableReason() {
        // Swift Testing's XCTSkip: the test is reported as skipped, with the reason.
        print("NAT-TURN skipped: \(reason)")
        try Test.cancel("skipped: \(reason)")
    }
    if let missing = NATNetwork.missingTools() {
        Issue.record(Comment(rawValue: missing))
        return
    }
    let call = NATCall(turnTransport: turnTransport)
    do {
        try await call.start(policy: policy)
        try await body(call)
    } catch {
        Issue.record("\(error)\n\(await call.diagnostics())")
    }
    await call.close()
}

/// Both ends of the ICE candidate pair a page's peer connection selected.
struct SelectedCandidatePair: CustomStringConvertible {
    struct End {
        let type: String
        let proto: String
        let relayProtocol: String?
        let address: String
        let port: Int
        let tcpType: String?

        init(_ raw: [String: Any]) {
            type = raw["type"] as? String ?? "?"
            proto = raw["protocol"] as? String ?? "?"
            relayProtocol = raw["relayProtocol"] as? String
            address = raw["address"] as? String ?? "?"
            port = (raw["port"] as? NSNumber)?.intValue ?? 0
            tcpType = raw["tcpType"] as? String
        }

        var text: String {
            "\(type) \(proto) \(address):\(port)" + (relayProtocol.map { " relayed over \($0)" } ?? "") + (tcpType.map { " tcptype \($0)" } ?? "")
        }
    }

    let local: End
    let remote: End
    let bytesReceived: Double

    init(_ raw: [String: Any]) {
        local = End(raw["local"] as? [String: Any] ?? [:])
        remote = End(raw["remote"] as? [String: Any] ?? [:])
        bytesReceived = (raw["bytesReceived"] as? NSNumber)?.doubleValue ?? 0
    }

    var description: String { "local \(local.text) ↔ remote \(remote.text), \(Int(bytesReceived)) bytes received" }

    /// The transport's selected pair (or the nominated, succeeded one) with both candidates.
    static let script = """
        (async () => {
          const pc = window.vigil._call.pc;
          if (!pc) return null;
          const report = await pc.getStats();
          const byId = new Map();
          report.forEach((entry) => byId.set(entry.id, entry));
          let pair = null;
          report.forEach((entry) => { if (entry.type === 'transport' && entry.selectedCandidatePairId) pair = byId.get(entry.selectedCandidatePairId); });
          if (!pair) report.forEach((entry) => { if (entry.type === 'candidate-pair' && entry.nominated && entry.state === 'succeeded') pair = entry; });
          if (!pair) return null;
          const end = (c) => c ? { type: c.candidateType, protocol: c.protocol, relayProtocol: c.relayProtocol ?? null,
                                   address: c.address ?? c.ip ?? '', port: c.port, tcpType: c.tcpType ?? null } : {};
          return { local: end(byId.get(pair.localCandidateId)), remote: end(byId.get(pair.remoteCandidateId)),
                   bytesReceived: pair.bytesReceived ?? 0 };
        })()
        """
}
