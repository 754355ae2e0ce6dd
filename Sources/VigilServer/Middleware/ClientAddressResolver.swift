import Foundation
import HTTPTypes

/// Finds the address a request really comes from, the key of every per-address limit. Behind a
/// reverse proxy every request's peer is the proxy, so one attacker would lock out everyone;
/// the proxy's `Forwarded` / `X-Forwarded-For` header names the client instead. Those headers
/// are believed only from a configured trusted proxy: from anyone else they are a client's own
/// words, and honouring them would let an attacker pick a fresh address for every guess.
struct ClientAddressResolver: Sendable {
    /// Addresses of the reverse proxies whose forwarding headers are believed (none by default).
    let trustedProxies: Set<String>

    init(trustedProxies: [String]) {
        self.trustedProxies = Set(trustedProxies.map(Self.normalized))
    }

    /// The client's address: the peer's, unless the peer is a trusted proxy that names the client.
    /// Walking the forwarding chain from the right, the first hop that is not a trusted proxy is
    /// the client (a proxy appends the address it received the request from, so entries to the
    /// left of an untrusted hop may be forged).
    func clientAddress(peer: String, headers: HTTPFields) -> String {
        let peer = Self.normalized(peer)
        guard trustedProxies.contains(peer) else { return peer }
        let chain = Self.forwardedChain(headers)
        guard !chain.isEmpty else { return peer }
        for hop in chain.reversed() where !trustedProxies.contains(hop) {
            return hop
        }
        return chain.first ?? peer
    }

    /// The hops a trusted proxy reported, oldest (the original client) first: `Forwarded`'s
    /// `for=` parameters (RFC 7239) if present, else `X-Forwarded-For`. Obfuscated or unknown
    /// hops (`for=unknown`, `for=_hidden`) are kept as they are, so they still get their own
    /// key rather than falling back to the proxy's shared one.
    static func forwardedChain(_ headers: HTTPFields) -> [String] {
        let forwarded = headers[values: .forwarded]
        if !forwarded.isEmpty {
            return forwarded.flatMap { $0.split(separator: ",") }.compactMap { element in
                element.split(separator: ";").lazy
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                    .first { $0.lowercased().hasPrefix("for=") }
                    .map { normalized(String($0.dropFirst(4))) }
            }.filter { !$0.isEmpty }
        }
        guard let name = HTTPField.Name("X-Forwarded-For") else { return [] }
        return headers[values: name].flatMap { $0.split(separator: ",") }
            .map { normalized(String($0)) }.filter { !$0.isEmpty }
    }

    /// An address without quotes, brackets, port or an IPv4-mapped IPv6 prefix, lower-cased:
    /// `"[2001:DB8::1]:4711"` → `2001:db8::1`, `192.0.2.7:80` → `192.0.2.7`, `::ffff:10.0.0.1` → `10.0.0.1`.
    static func normalized(_ text: String) -> String {
        var address = text.trimmingCharacters(in: .whitespaces)
        if address.hasPrefix("\""), address.hasSuffix("\""), address.count >= 2 { address = String(address.dropFirst().dropLast()) }
        if address.hasPrefix("[") {
            address = String(address.dropFirst().prefix { $0 != "]" })
        } else if address.filter({ $0 == ":" }).count == 1 {
            address = String(address.prefix { $0 != ":" })
        }
        address = address.lowercased()
        if address.hasPrefix("::ffff:"), address.dropFirst(7).contains(".") { address = String(address.dropFirst(7)) }
        return address
    }
}

private extension HTTPField.Name {
    static var forwarded: HTTPField.Name { HTTPField.Name("Forwarded")! }
}
