import Foundation
/// Checks a page's SDP answer before webrtcbin sees it, so that garbage gets a clear error
/// message instead of an obscure GStreamer warning or a call that silently never connects.
public enum SessionDescriptionCheck {
    /// The answer must be an SDP session (v=0, o=, s=) answering every offered m-line (`media`:
    /// video then audio, and a second audio for proctors) with ICE credentials and a DTLS
    /// fingerprint.
    public static func validateAnswer(_ sdp: String, media offered: [String] = ["video", "audio"]) throws(MediaError) {
        guard sdp.utf8.count <= 32 * 1024 else { throw .invalidSessionDescription("it is longer than 32 KiB") }
        let lines = sdp.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard lines.first == "v=0" else { throw .invalidSessionDescription("it does not start with 'v=0'") }
        for line in lines {
            let bytes = Array(line.utf8)
            guard bytes.count >= 2, bytes[1] == UInt8(ascii: "="), (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[0]) else {
                throw .invalidSessionDescription("line '\(line.prefix(40))' is not of the form 'x=…'")
            }
        }
        guard lines.contains(where: { $0.hasPrefix("o=") }), lines.contains(where: { $0.hasPrefix("s=") }) else {
            throw .invalidSessionDescription("it has no 'o=' or 's=' line")
        }
        let media = lines.filter { $0.hasPrefix("m=") }.map { $0.dropFirst(2).split(separator: " ").first.map(String.init) ?? "" }
        guard media == offered else {
            throw .invalidSessionDescription("it answers m-lines \(media) but the offer had \(offered)")
        }
        guard lines.contains(where: { $0.hasPrefix("a=ice-ufrag:") }), lines.contains(where: { $0.hasPrefix("a=ice-pwd:") }) else {
            throw .invalidSessionDescription("it has no ICE credentials (a=ice-ufrag, a=ice-pwd)")
        }
        guard lines.contains(where: { $0.hasPrefix("a=fingerprint:") }) else {
            throw .invalidSessionDescription("it has no DTLS fingerprint (a=fingerprint)")
        }
    }

    /// A trickled candidate must look like an ICE candidate line and name an offered m-line.
    public static func validateCandidate(_ candidate: String, mline: Int, mlines: Int = 2) throws(MediaError) {
        guard (0..<mlines).contains(mline) else {
            throw .invalidCandidate(mlines == 2 ? "m-line index \(mline) is not 0 (video) or 1 (audio)"
                                                : "m-line index \(mline) is not 0 (video), 1 or 2 (audio)")
        }
        guard candidate.count <= 1024 else { throw .invalidCandidate("it is longer than 1 KiB") }
        let body = candidate.hasPrefix("candidate:") ? candidate : "candidate:" + candidate
        let fields = body.split(separator: " ")
        guard fields.count >= 8, fields[6] == "typ" else {
            throw .invalidCandidate("'\(candidate.prefix(60))' is not an ICE candidate line")
        }
        // foundation component transport priority address port typ type (RFC 8839 §5.1)
        let transport = fields[2].lowercased()
        guard transport == "udp" || transport == "tcp" else {
            throw .invalidCandidate("transport '\(fields[2].prefix(20))' is not udp or tcp")
        }
        guard let port = Int(fields[5]), (0...65535).contains(port) else {
            throw .invalidCandidate("port '\(fields[5].prefix(20))' is not a number from 0 to 65535")
        }
        guard isUsableAddress(String(fields[4])) else {
            throw .invalidCandidate("address '\(fields[4].prefix(60))' is not an IP address or an mDNS .local name")
        }
    }

    /// An IPv4 or IPv6 literal, or the mDNS name a browser hides its address behind.
    static func isUsableAddress(_ address: String) -> Bool {
        if address.hasSuffix(".local") { return address.count > 6 && address.count <= 255 }
        var ipv4 = in_addr(), ipv6 = in6_addr()
        return inet_pton(AF_INET, address, &ipv4) == 1 || inet_pton(AF_INET6, address, &ipv6) == 1
    }
}
