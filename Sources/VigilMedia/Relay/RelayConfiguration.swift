import Foundation

/// What an operator tunes for the relay. Loopback needs none of the network settings; a real
/// deployment behind NAT needs a STUN (and usually a TURN) server, the public address to announce
/// and a UDP port range opened in the firewall (see docs/relay.md).
public struct RelayConfiguration: Sendable {
    /// Size of the BGR frames handed to the detectors.
    public var analysisWidth = 640
    public var analysisHeight = 480
    /// Bits per second of the VP8 the relay re-encodes for the interviewer and proctors.
    public var videoBitrate = 1_500_000
    /// webrtcbin's jitter buffer, in milliseconds.
    public var jitterLatencyMilliseconds = 200
    /// e.g. stun://stun.example.com:3478
    public var stunServer: String?
    /// e.g. turn://user:password@turn.example.com:3478 (also handed to the pages).
    public var turnServers: [String] = []
    /// Address written into the server's host candidates instead of its local one (1:1 NAT).
    public var publicAddress: String?
    /// UDP ports libnice may bind for media, inclusive; nil lets the kernel choose.
    public var portRange: ClosedRange<Int>?

    public init() {}

    /// Reads VIGIL_STUN_SERVER, VIGIL_TURN_SERVERS (comma separated), VIGIL_PUBLIC_ADDRESS,
    /// VIGIL_MEDIA_PORTS (e.g. 40000-40999), VIGIL_ANALYSIS_SIZE (e.g. 640x480) and
    /// VIGIL_VIDEO_BITRATE; a malformed value is an error naming the variable.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) -> RelayConfiguration {
        var configuration = RelayConfiguration()
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        if let stun = value("VIGIL_STUN_SERVER") {
            guard stun.hasPrefix("stun://") else { throw ConfigurationError("VIGIL_STUN_SERVER", stun, "stun://HOST:PORT") }
            configuration.stunServer = stun
        }
        if let turn = value("VIGIL_TURN_SERVERS") {
            let servers = turn.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard servers.allSatisfy(Self.isTURNServer) else {
                throw ConfigurationError("VIGIL_TURN_SERVERS", turn, "turn://USER:PASSWORD@HOST:PORT[?transport=udp|tcp][,…]")
            }
            configuration.turnServers = servers
        }
        configuration.publicAddress = value("VIGIL_PUBLIC_ADDRESS")
        if let ports = value("VIGIL_MEDIA_PORTS") {
            let parts = ports.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2, parts[0] > 0, parts[0] <= parts[1], parts[1] <= 65535 else {
                throw ConfigurationError("VIGIL_MEDIA_PORTS", ports, "FIRST-LAST, e.g. 40000-40999")
            }
            configuration.portRange = parts[0]...parts[1]
        }
        if let size = value("VIGIL_ANALYSIS_SIZE") {
            let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
            guard parts.count == 2, (16...3840).contains(parts[0]), (16...2160).contains(parts[1]) else {
                throw ConfigurationError("VIGIL_ANALYSIS_SIZE", size, "WIDTHxHEIGHT, e.g. 640x480")
            }
            configuration.analysisWidth = parts[0]
            configuration.analysisHeight = parts[1]
        }
        if let bitrate = value("VIGIL_VIDEO_BITRATE") {
            guard let bits = Int(bitrate), (100_000...20_000_000).contains(bits) else {
                throw ConfigurationError("VIGIL_VIDEO_BITRATE", bitrate, "bits per second between 100000 and 20000000")
            }
            configuration.videoBitrate = bits
        }
        return configuration
    }

    /// turn:// or turns:// with a host, a user and a password (webrtcbin refuses a TURN server
    /// without them, silently), and no query but `transport=udp` or `transport=tcp`.
    static func isTURNServer(_ text: String) -> Bool {
        guard let url = URLComponents(string: text), url.scheme == "turn" || url.scheme == "turns",
              !(url.host ?? "").isEmpty, !(url.user ?? "").isEmpty, url.password != nil else { return false }
        return (url.queryItems ?? []).allSatisfy { $0.name == "transport" && ["udp", "tcp"].contains($0.value?.lowercased() ?? "") }
    }

    /// ICE servers in the form RTCPeerConnection takes, for the pages. A TURN URL without
    /// `?transport=` gives the pages two entries, UDP and TCP, as webrtcbin uses both for it
    /// (a browser given `turn:HOST:PORT` alone tries UDP only, and a network that blocks UDP
    /// then has no way through); `turns://` is TURN over TLS (TCP).
    public var iceServersForPages: [[String: String]] {
        var servers: [[String: String]] = []
        if let stunServer { servers.append(["urls": "stun:" + stunServer.dropFirst("stun://".count)]) }
        for turn in turnServers {
            guard let url = URLComponents(string: turn), let host = url.host else { continue }
            let secure = url.scheme == "turns"
            let address = "\(secure ? "turns" : "turn"):\(host):\(url.port ?? (secure ? 5349 : 3478))"
            let transport = url.queryItems?.first { $0.name == "transport" }?.value?.lowercased()
            let urls: [String] = switch (secure, transport) {
            case (true, _): [address + "?transport=tcp"]
            case (false, "udp"): [address]
            case (false, "tcp"): [address + "?transport=tcp"]
            default: [address, address + "?transport=tcp"]
            }
            for entry in urls {
                var server = ["urls": entry]
                if let user = url.user { server["username"] = user.removingPercentEncoding ?? user }
                if let password = url.password { server["credential"] = password.removingPercentEncoding ?? password }
                servers.append(server)
            }
        }
        return servers
    }
}
