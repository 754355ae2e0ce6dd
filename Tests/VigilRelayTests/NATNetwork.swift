import Foundation

/// A home network behind a NAT, made of Linux network namespaces, for the NAT/TURN tests:
///
/// ```
///  "home" namespace            "nat" namespace (router)              this namespace ("public")
///  10.N.1.2 ── veth ── 10.N.1.1 │ masquerade, firewall │ 10.N.0.2 ── veth ── 10.N.0.1  vigil serve
///                                                                         10.N.0.3  coturn
/// ```
///
/// The candidate's browser runs in "home" (`ip netns exec`); the router masquerades everything
/// home sends (one address, ports rewritten) and lets nothing in that home did not start, as a
/// home router does; its `FirewallPolicy` decides what may leave. The server and the TURN server
/// stay in the test's own namespace, so the test reaches them directly and the server's own
/// interfaces are its "public" addresses. Needs root (CAP_NET_ADMIN), `ip` and `nft`.
final class NATNetwork: @unchecked Sendable {
    /// What the router lets out of the home network (set with `apply`, also mid-call).
    enum FirewallPolicy: Equatable, CustomStringConvertible {
        /// Everything (a plain home router).
        case open
        /// Only the server's web port (TCP) and the TURN server's port (UDP and TCP): direct media
        /// between home and server is blocked, UDP and TCP alike.
        case webAndTURNOnly(webPort: Int)
        /// No UDP at all, either way; TCP anywhere (the server's ICE-TCP ports too).
        case noUDP
        /// No UDP; TCP only to the server's web port and the TURN server (a strict office
        /// network that lets out the web and TURN over TCP, nothing else).
        case webAndTURNOverTCPOnly(webPort: Int)

        var description: String {
            switch self {
            case .open: "everything open"
            case .webAndTURNOnly(let port): "only TCP to port \(port) and UDP/TCP to the TURN server"
            case .noUDP: "no UDP at all"
            case .webAndTURNOverTCPOnly(let port): "no UDP; TCP only to port \(port) and the TURN server"
            }
        }
    }

    let home: String
    let router: String
    /// The server's address on the public side, as home reaches it.
    let publicAddress: String
    /// The TURN server's address (a second address on the same public link).
    let turnAddress: String
    /// The router's public address: what the server sees as home's address.
    let natAddress: String
    /// The home machine's own address (behind the NAT; the server cannot reach it).
    let homeAddress: String
    /// The router's address on the home side (home's default route).
    let routerHomeAddress: String
    let turnPort = 3478
    private let publicLink: String
    private let routerPublicLink: String
    private let routerHomeLink: String
    private let homeLink: String
    private var up = false

    private static let counter = Counter()

    init() {
        let pid = Int(ProcessInfo.processInfo.processIdentifier)
        let number = Self.counter.next()
        home = "vigil-home-\(pid)-\(number)"
        router = "vigil-nat-\(pid)-\(number)"
        let subnet = 50 + (pid &* 7 &+ number) % 200
        publicAddress = "10.\(subnet).0.1"
        natAddress = "10.\(subnet).0.2"
        turnAddress = "10.\(subnet).0.3"
        homeAddress = "10.\(subnet).1.2"
        routerHomeAddress = "10.\(subnet).1.1"
        publicLink = "v\(pid)p\(number)"
        routerPublicLink = "v\(pid)q\(number)"
        routerHomeLink = "v\(pid)r\(number)"
        homeLink = "v\(pid)h\(number)"
    }

    /// Whether this kernel and these privileges allow network namespaces: nil if they do, else
    /// the reason (what `ip netns add` answered), for the test to skip with.
    static func unavailableReason() -> String? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") else { return nil }  // missingTools() says so
        let probe = "vigil-probe-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            try Shell.run("/usr/sbin/ip", "netns", "add", probe)
            _ = try? Shell.run("/usr/sbin/ip", "netns", "del", probe)
        } catch {
            return "this kernel, container or user may not make network namespaces (needs root, CAP_NET_ADMIN): \(error)"
        }
        return nil
    }

    /// The tools the NAT tests run that `make setup` installs; nil if all are there. Their absence
    /// is a failure, not a skip: it is the set-up, not the kernel.
    static func missingTools() -> String? {
        for tool in ["/usr/sbin/ip", "/usr/sbin/nft", "/usr/sbin/sysctl", "/usr/bin/turnserver", "/usr/bin/socat", "/usr/bin/ss"]
        where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is missing: run `make setup` (scripts/setup.sh installs iproute2, procps, nftables, coturn and socat)"
        }
        return nil
    }

    /// Builds the namespaces, links, addresses, routes and the NAT; `policy` is the firewall.
    func create(policy: FirewallPolicy = .open) throws {
        Self.removeLeftovers()
        up = true
        let ip = "/usr/sbin/ip"
        try Shell.run(ip, "netns", "add", home)
        try Shell.run(ip, "netns", "add", router)
        try Shell.run(ip, "link", "add", publicLink, "type", "veth", "peer", "name", routerPublicLink, "netns", router)
        try Shell.run(ip, "-n", router, "link", "add", routerHomeLink, "type", "veth", "peer", "name", homeLink, "netns", home)
        try Shell.run(ip, "addr", "add", "\(publicAddress)/24", "dev", publicLink)
        try Shell.run(ip, "addr", "add", "\(turnAddress)/24", "dev", publicLink)
        try Shell.run(ip, "link", "set", publicLink, "up")
        try Shell.run(ip, "-n", router, "addr", "add", "\(natAddress)/24", "dev", routerPublicLink)
        try Shell.run(ip, "-n", router, "addr", "add", "\(routerHomeAddress)/24", "dev", routerHomeLink)
        try Shell.run(ip, "-n", home, "addr", "add", "\(homeAddress)/24", "dev", homeLink)
        for (namespace, link) in [(router, routerPublicLink), (router, routerHomeLink), (router, "lo"), (home, homeLink), (home, "lo")] {
            try Shell.run(ip, "-n", namespace, "link", "set", link, "up")
        }
        try Shell.run(ip, "-n", home, "route", "add", "default", "via", routerHomeAddress)
        try Shell.run(ip, "-n", router, "route", "add", "default", "via", publicAddress)
        try Shell.run(ip, "netns", "exec", router, "/usr/sbin/sysctl", "-qw", "net.ipv4.ip_forward=1")
        try Shell.run(ip, "netns", "exec", router, "/usr/sbin/nft", "-f", "-", input: """
            table ip vigil {
              chain outbound_nat {
                type nat hook postrouting priority srcnat;
                oifname "\(routerPublicLink)" masquerade
              }
              chain home_guard {
                type filter hook forward priority filter; policy drop;
              }
            }
            """)
        try apply(policy)
    }


    /// Replaces the router's firewall rules. Blocking rules come before the one that lets
    /// established flows through, so a flow that was allowed stops at once when a policy forbids it.
    func apply(_ policy: FirewallPolicy) throws {
        let lan = "iifname \"\(routerHomeLink)\""
        var rules: [String] = []
        switch policy {
        case .open:
            break
        case .webAndTURNOnly(let webPort):
            rules += ["\(lan) ip daddr \(publicAddress) tcp dport \(webPort) accept",
                      "\(lan) ip daddr \(turnAddress) udp dport \(turnPort) accept",
                      "\(lan) ip daddr \(turnAddress) tcp dport \(turnPort) accept",
                      "\(lan) meta l4proto { udp, tcp } drop"]
        case .noUDP:
            rules += ["meta l4proto udp drop"]
        case .webAndTURNOverTCPOnly(let webPort):
            rules += ["meta l4proto udp drop",
                      "\(lan) ip daddr \(publicAddress) tcp dport \(webPort) accept",
                      "\(lan) ip daddr \(turnAddress) tcp dport \(turnPort) accept",
                      "\(lan) meta l4proto tcp drop"]
        }
        rules += ["ct state established,related accept", "\(lan) accept"]
        let script = (["flush chain ip vigil home_guard"] + rules.map { "add rule ip vigil home_guard \($0)" }).joined(separator: "\n")
        try Shell.run("/usr/sbin/ip", "netns", "exec", router, "/usr/sbin/nft", "-f", "-", input: script)
    }

    /// Drops `percent` % of the packets the router forwards, either way, at random (nftables
    /// `numgen random`: this kernel has no netem). 0 removes the loss.
    func setLoss(percent: Int) throws {
        let rules = percent > 0 ? ["add rule ip vigil random_loss numgen random mod 100 < \(percent) drop"] : []
        let script = """
            add chain ip vigil random_loss { type filter hook forward priority filter - 10; }
            flush chain ip vigil random_loss
            """ + "\n" + rules.joined(separator: "\n")
        try Shell.run("/usr/sbin/ip", "netns", "exec", router, "/usr/sbin/nft", "-f", "-", input: script)
    }

    /// The router's rules and what they counted, for failure messages.
    var firewallState: String {
        (try? Shell.run("/usr/sbin/ip", "netns", "exec", router, "/usr/sbin/nft", "list", "ruleset")) ?? "(no ruleset)"
    }

    /// Runs `arguments` inside the home namespace (the argument list for `Process`).
    func inHome(_ arguments: [String]) -> [String] { ["netns", "exec", home] + arguments }

    func destroy() {
        guard up else { return }
        up = false
        _ = try? Shell.run("/usr/sbin/ip", "link", "del", publicLink)
        _ = try? Shell.run("/usr/sbin/ip", "netns", "del", home)
        _ = try? Shell.run("/usr/sbin/ip", "netns", "del", router)
    }

    deinit { destroy() }

    /// Namespaces and links of test runs that died without cleaning up (their process is gone).
    private static func removeLeftovers() {
        let namespaces = (try? Shell.run("/usr/sbin/ip", "netns", "list")) ?? ""
        for line in namespaces.split(separator: "\n") {
            let name = String(line.split(separator: " ").first ?? "")
            let parts = name.split(separator: "-")
            guard name.hasPrefix("vigil-home-") || name.hasPrefix("vigil-nat-"), parts.count == 4, let pid = Int32(parts[2]),
                  kill(pid, 0) != 0 else { continue }
            _ = try? Shell.run("/usr/sbin/ip", "netns", "del", name)
        }
        let links = (try? Shell.run("/usr/sbin/ip", "-o", "link", "show", "type", "veth")) ?? ""
        for line in links.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 1 else { continue }
            let name = String(fields[1].split(separator: "@").first ?? "").trimmingCharacters(in: CharacterSet(charactersIn: ":"))
            guard name.hasPrefix("v"), let p = name.firstIndex(of: "p"), let pid = Int32(name[name.index(after: name.startIndex)..<p]),
                  kill(pid, 0) != 0 else { continue }
            _ = try? Shell.run("/usr/sbin/ip", "link", "del", name)
        }
    }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int { lock.withLock { value += 1; return value } }
    }
}

/// Runs a command to completion; its output, or an error with what it printed.
enum Shell {
    @discardableResult
    static func run(_ executable: String, _ arguments: String..., input: String? = nil) throws -> String {
        try run(executable, arguments: arguments, input: input)
    }

    @discardableResult
    static func run(_ executable: String, arguments: [String], input: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestFailure("`\(([executable] + arguments).joined(separator: " "))` exited \(process.terminationStatus): \(problem.prefix(600))")
        }
        return text
    }
}
