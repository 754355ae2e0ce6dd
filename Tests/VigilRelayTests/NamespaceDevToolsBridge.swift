import Foundation

/// Reaches the DevTools port of a browser that runs in another network namespace without
/// opening a hole in that namespace's NAT: new headless Chromium listens on 127.0.0.1 only (it
/// ignores --remote-debugging-address), and loopback is per namespace. One socat inside the
/// namespace serves a socket file (files are shared across network namespaces) that connects to
/// that port; one socat here listens on a loopback port and connects to the socket file.
final class NamespaceDevToolsBridge: @unchecked Sendable {
    let port: Int
    private var processes: [Process] = []

    /// Starts both halves; `devToolsPort` is the browser's port inside `namespace`.
    init(namespace: String, devToolsPort: Int, socket: URL) throws {
        try? FileManager.default.removeItem(at: socket)
        port = try Self.freeLoopbackPort()
        let inside = Process()
        inside.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        inside.arguments = ["netns", "exec", namespace, "/usr/bin/socat",
                            "UNIX-LISTEN:\(socket.path),fork,unlink-early", "TCP:127.0.0.1:\(devToolsPort)"]
        let outside = Process()
        outside.executableURL = URL(fileURLWithPath: "/usr/bin/socat")
        outside.arguments = ["TCP-LISTEN:\(port),bind=127.0.0.1,reuseaddr,fork", "UNIX-CONNECT:\(socket.path)"]
        for process in [inside, outside] {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            processes.append(process)
        }
    }

    /// SIGKILL: children of the test process inherit its blocked signals, SIGTERM included.
    func stop() {
        for process in processes where process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        processes = []
    }

    deinit { stop() }

    /// A loopback port nothing listens on now (the kernel's pick for port 0).
    static func freeLoopbackPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("no socket for a free port") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw TestFailure("could not bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
