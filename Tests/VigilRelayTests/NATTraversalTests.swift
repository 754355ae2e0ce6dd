import Foundation
import Testing

extension RelayBrowserTests {
    /// Issue 10 item 6 / must-show 5: real networks. The candidate's Chromium runs in a "home"
    /// network namespace behind a masquerading router (`NATNetwork`) whose firewall decides what
    /// leaves; the server and Debian's coturn are on the public side; the interviewer is a load
    /// peer on the server's machine. Each test names the path the call must take and reads it
    /// from the candidate page's selected ICE candidate pair (getStats), after media has flowed
    /// both ways (≥ 30 frames decoded at each end).
    @Suite(.serialized) struct NATTraversalTests {
        /// A plain home router (everything out, nothing in), and neither STUN nor TURN
        /// configured: the server cannot reach the page's host address, but the page's checks to
        /// the server's host candidates pass the NAT, and the server answers the peer-reflexive
        /// address it saw them from. (With TURN configured the direct pair wins as well: see the
        /// network-change test, before the change.)
        @Test(.timeLimit(.minutes(2))) func behindAHomeNATTheCallIsDirectUDP() async throws {
            try await withNATCall(turnTransport: nil, policy: { _ in .open }) { call in
                try await call.join()
                let flowing = try await call.waitForMedia(timeout: 30)
                let pair = try await call.selectedPair()
                print("NAT-TURN open NAT: \(pair?.description ?? "no pair")")
                if !flowing { Issue.record("media must flow both ways\n\(await call.diagnostics())") }
                guard let pair else { Issue.record("no selected candidate pair"); return }
                #expect(NATCall.mediaPorts.contains(pair.remote.port), "the server's end is in VIGIL_MEDIA_PORTS: \(pair)")
                #expect(pair.local.type != "relay" && pair.remote.type != "relay" && pair.local.proto == "udp",
                        "a direct UDP pair, not TURN: \(pair)")
            }
        }

        /// The home network lets out only the web (TCP to the server's port) and the TURN
        /// server's port: no direct UDP (nor TCP) between home and server. The call comes up
        /// through TURN over UDP: the page's local candidate is its relay on coturn.
        @Test(.timeLimit(.minutes(2))) func directMediaBlockedTheCallGoesThroughTURN() async throws {
            try await withNATCall(turnTransport: "", policy: { .webAndTURNOnly(webPort: $0) }) { call in
                try await call.join()
                let flowing = try await call.waitForMedia(timeout: 40)
                let pair = try await call.selectedPair()
                print("NAT-TURN direct media blocked: \(pair?.description ?? "no pair")")
                if !flowing { Issue.record("media must flow both ways through TURN\n\(await call.diagnostics())") }
                guard let pair else { Issue.record("no selected candidate pair"); return }
                #expect(NATCall.mediaPorts.contains(pair.remote.port), "the server's end is in VIGIL_MEDIA_PORTS: \(pair)")
                #expect(pair.local.type == "relay" && pair.local.relayProtocol == "udp", "the page's relay on coturn, over UDP: \(pair)")
                #expect(pair.local.address == call.network.turnAddress, "the relay address is coturn's: \(pair)")
            }
        }

        /// No UDP leaves the home network at all, but TCP does, and no TURN server is configured:
        /// the call comes up over ICE-TCP, the page's active TCP candidate to the server's passive
        /// one (libnice gathers TCP candidates; webrtcbin's `ice-tcp` is on by default).
        @Test(.timeLimit(.minutes(2))) func allUDPBlockedTheCallUsesICETCP() async throws {
            try await withNATCall(turnTransport: nil, policy: { _ in .noUDP }) { call in
                try await call.join()
                let flowing = try await call.waitForMedia(timeout: 40)
                let pair = try await call.selectedPair()
                print("NAT-TURN no UDP, ICE-TCP: \(pair?.description ?? "no pair")")
                if !flowing { Issue.record("media must flow both ways over ICE-TCP\n\(await call.diagnostics())") }
                guard let pair else { Issue.record("no selected candidate pair"); return }
                #expect(NATCall.mediaPorts.contains(pair.remote.port), "the server's end is in VIGIL_MEDIA_PORTS: \(pair)")
                #expect(pair.local.proto == "tcp" && pair.remote.proto == "tcp", "a TCP pair: \(pair)")
                #expect(pair.local.type != "relay" && pair.remote.type == "host", "direct to the server's TCP host candidate: \(pair)")
            }
        }

        /// No UDP, and TCP only to the server's web port and the TURN server (a strict office
        /// network): neither UDP nor ICE-TCP gets through, so the call comes up through TURN
        /// over TCP (the page's `turn:…?transport=tcp`, which the server hands out for a TURN URL
        /// without a transport).
        @Test(.timeLimit(.minutes(2))) func onlyWebAndTURNOverTCPTheCallGoesThroughTURNOverTCP() async throws {
            try await withNATCall(turnTransport: "", policy: { .webAndTURNOverTCPOnly(webPort: $0) }) { call in
                try await call.join()
                let flowing = try await call.waitForMedia(timeout: 40)
                let pair = try await call.selectedPair()
                print("NAT-TURN only web and TURN over TCP: \(pair?.description ?? "no pair")")
                if !flowing { Issue.record("media must flow both ways through TURN over TCP\n\(await call.diagnostics())") }
                guard let pair else { Issue.record("no selected candidate pair"); return }
                #expect(NATCall.mediaPorts.contains(pair.remote.port), "the server's end is in VIGIL_MEDIA_PORTS: \(pair)")
                #expect(pair.local.type == "relay" && pair.local.relayProtocol == "tcp", "the page's relay on coturn, reached over TCP: \(pair)")
                #expect(pair.local.address == call.network.turnAddress, "the relay address is coturn's: \(pair)")
            }
        }

        /// The network changes mid-call: the call is up direct through the home NAT, then the
        /// router starts blocking direct media (only the web and TURN get out). The call must come
        /// back by itself, without a reload, through TURN. GStreamer 1.22's webrtcbin cannot
        /// restart ICE (no `ice-restart` offer option), so the page rejoins on the same socket
        /// (media `disconnected` for 4 s, or `failed`) and the server builds the candidate's
        /// pipeline again (the page's peer connection count goes up by one), unless ICE moved to
        /// the relay pair on the same connection first (seen once in 4 runs). Either way counts.
        @Test(.timeLimit(.minutes(2))) func aNetworkChangeMidCallComesBackThroughTURN() async throws {
            try await withNATCall(turnTransport: "", policy: { _ in .open }) { call in
                try await call.join()
                guard try await call.waitForMedia(timeout: 30), let candidate = call.candidate, let interviewer = call.interviewer else {
                    Issue.record("the call did not come up before the change\n\(await call.diagnostics())")
                    return
                }
                let before = try await call.selectedPair()
                let connectionsBefore = try await candidate.evaluate("window.vigil.peerConnections") as? Int ?? -1
                try call.network.apply(.webAndTURNOnly(webPort: call.server.port))
                let changed = Date()
                // Frames stop, then come back on a new path.
                let decodedAtChange = try await candidate.stats().framesDecoded
                let interviewerAtChange = interviewer.counts.videoFrames
                let back = try await NATCall.waitFor(timeout: 40) {
                    guard let pair = try await call.selectedPair(), pair.local.type == "relay" else { return false }
                    let stats = try await candidate.stats()
                    return stats.state == "connected" && stats.framesDecoded >= decodedAtChange + 30
                        && interviewer.counts.videoFrames >= interviewerAtChange + 30
                }
                let seconds = Date().timeIntervalSince(changed)
                let after = try await call.selectedPair()
                let connectionsAfter = try await candidate.evaluate("window.vigil.peerConnections") as? Int ?? -1
                let summary = "before \(before?.description ?? "no pair"); after \(String(format: "%.1f", seconds)) s \(after?.description ?? "no pair"); "
                    + "peer connections \(connectionsBefore) → \(connectionsAfter)"
                print("NAT-TURN network change: \(summary)")
                if !back { Issue.record("the call must come back through TURN: \(summary)\n\(await call.diagnostics())") }
                #expect(before?.local.type != "relay", "direct before the change: \(summary)")
                #expect(after?.local.type == "relay", "through TURN after it: \(summary)")
            }
        }

        /// 5 % of the packets lost at random on the home link, both ways (nftables `numgen`; no
        /// netem here), through a home NAT: the call comes up and stays up, and over 10 s the
        /// candidate decodes the interviewer's video at ≥ 15 fps, and the interviewer the
        /// candidate's, relayed: the server NACKs the candidate's lost packets and Chromium
        /// retransmits them over RTX within the server's 200 ms jitter buffer (without that the
        /// relayed video fell to 3.9–16 fps while Chromium sent 25–29: `rtpvp8depay
        /// wait-for-keyframe=true` drops every frame after a gap until a key frame).
        @Test(.timeLimit(.minutes(2))) func fivePercentLossTheCallStaysUp() async throws {
            try await withNATCall(turnTransport: nil, policy: { _ in .open }) { call in
                try call.network.setLoss(percent: 5)
                try await call.join()
                guard try await call.waitForMedia(timeout: 40), let candidate = call.candidate, let interviewer = call.interviewer else {
                    Issue.record("the call did not come up with 5 % loss\n\(await call.diagnostics())")
                    return
                }
                let (candidateBefore, interviewerBefore, started) = (try await candidate.stats(), interviewer.counts.videoFrames, Date())
                try await Task.sleep(for: .seconds(10))
                let (candidateAfter, interviewerAfter) = (try await candidate.stats(), interviewer.counts.videoFrames)
                let seconds = Date().timeIntervalSince(started)
                let interviewerFPS = Double(interviewerAfter - interviewerBefore) / seconds
                let candidateFPS = (candidateAfter.framesDecoded - candidateBefore.framesDecoded) / seconds
                let sentFPS = (candidateAfter.framesSent - candidateBefore.framesSent) / seconds
                let relay = try await call.server.relayStatus(call.session!)
                let repair = try await LossRepairFigures.read(from: candidate, before: candidateBefore, after: candidateAfter)
                let summary = "candidate sends \(String(format: "%.1f", sentFPS)) fps at \(Int(candidateAfter.sentWidth)) wide (limit \(candidateAfter.qualityLimitation)); "
                    + "interviewer decodes \(String(format: "%.1f", interviewerFPS)) fps, candidate \(String(format: "%.1f", candidateFPS)) fps, "
                    + "relay stages \(relay["stages"] ?? "?"), "
                    + "candidate lost \(Int(candidateAfter.videoPacketsLost)) video packets, state \(candidateAfter.state); \(repair)"
                print("NAT-TURN 5 % loss: \(summary)")
                #expect(candidateAfter.state == "connected", "the call stays up: \(summary)")
                #expect(interviewerFPS > 0, "the interviewer still gets frames: \(summary)")
                #expect(repair.nacksReceived > 0, "the server asks the candidate for its lost packets: \(summary)")
                #expect(interviewerFPS >= 15, "the interviewer keeps decoding: \(summary)")
                #expect(candidateFPS >= 15, "the candidate keeps decoding: \(summary)")
            }
        }
    }
}
