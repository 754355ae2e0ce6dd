import Testing
@testable import VigilMedia

/// What VIGIL_STUN_SERVER and VIGIL_TURN_SERVERS become for the pages' RTCPeerConnection: the
/// same servers webrtcbin uses, over the same transports (`NATTraversalTests` shows each path
/// with real networks).
@Suite struct IceServerConfigurationTests {
    private func pages(_ environment: [String: String]) throws -> [[String: String]] {
        try RelayConfiguration.fromEnvironment(environment).iceServersForPages
    }

    /// webrtcbin uses a TURN URL without a transport over UDP and TCP, so the pages get both.
    @Test func aTURNServerWithoutTransportIsGivenOverUDPAndTCP() throws {
        let servers = try pages(["VIGIL_TURN_SERVERS": "turn://vigil:s%40cret@turn.example.com:3478"])
        #expect(servers.map { $0["urls"] } == ["turn:turn.example.com:3478", "turn:turn.example.com:3478?transport=tcp"])
        #expect(servers.allSatisfy { $0["username"] == "vigil" && $0["credential"] == "s@cret" })
    }

    @Test func aTransportNamesTheOnlyOne() throws {
        let servers = try pages(["VIGIL_TURN_SERVERS": "turn://a:b@10.0.0.3:3478?transport=tcp, turn://c:d@10.0.0.4?transport=udp"])
        #expect(servers.map { $0["urls"] } == ["turn:10.0.0.3:3478?transport=tcp", "turn:10.0.0.4:3478"])
    }

    @Test func stunAndTURNOverTLS() throws {
        let servers = try pages(["VIGIL_STUN_SERVER": "stun://stun.example.com:3478", "VIGIL_TURN_SERVERS": "turns://a:b@turn.example.com"])
        #expect(servers.map { $0["urls"] } == ["stun:stun.example.com:3478", "turns:turn.example.com:5349?transport=tcp"])
    }

    /// webrtcbin drops these silently (no user or password, an unknown query): refused at start.
    @Test(arguments: ["turn://turn.example.com:3478", "turn://user@turn.example.com", "turn://a:b@turn.example.com?transport=tls",
                      "stun://a:b@turn.example.com", "turn://a:b@:3478"])
    func aTURNServerWebRTCBinWouldIgnoreIsRefused(_ url: String) {
        #expect(throws: ConfigurationError.self) { try RelayConfiguration.fromEnvironment(["VIGIL_TURN_SERVERS": url]) }
    }
}
