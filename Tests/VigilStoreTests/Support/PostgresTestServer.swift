import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A real PostgreSQL 15 server (Debian's `postgresql` package) for the store tests: one per test
/// process, started on first use in a temporary folder on a free loopback port, stopped when the
/// process exits. Each test gets a database of its own (`CREATE DATABASE`).
///
/// `initdb` and `postgres` refuse to run as root, so as root (CI) both run as the `postgres` user
/// the package creates (`setpriv`), in a folder that user owns; as anyone else they run as that user.
final class PostgresTestServer: Sendable {
    static let binaries = "/usr/lib/postgresql/15/bin"
    let port: Int
    let folder: URL
    /// The postmaster's process id.
    let pid: Int32
    /// The superuser `initdb` made (trust authentication on loopback only).
    static let user = "vigil"

    /// The one server of this test process; a failure to start is thrown to every test that asks.
    static func shared() async throws -> PostgresTestServer {
        try await starting.value
    }

    private static let starting = Task { try PostgresTestServer() }

    private init() throws {
        guard FileManager.default.isExecutableFile(atPath: "\(Self.binaries)/initdb") else {
            throw Failure("no \(Self.binaries)/initdb: install Debian's postgresql package (make setup does)")
        }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-postgres-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let asPostgres = getuid() == 0
        if asPostgres {
            guard let account = getpwnam("postgres") else { throw Failure("running as root, but there is no postgres user to run initdb as") }
            guard chown(folder.path, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
                throw Failure("cannot give \(folder.path) to the postgres user: \(String(cString: strerror(errno)))")
            }
        }
        let data = folder.appendingPathComponent("data").path
        try Self.run(asPostgres, "initdb", ["-D", data, "-U", Self.user, "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"],
                     log: folder.appendingPathComponent("initdb.log"))
        port = try Self.freeLoopbackPort()
        let log = folder.appendingPathComponent("server.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        if asPostgres, let account = getpwnam("postgres") { _ = chown(log.path, account.pointee.pw_uid, account.pointee.pw_gid) }
        // fsync stays on (the default): the durability the store promises is what is tested.
        let process = try Self.start(asPostgres, "postgres", [
            "-D", data, "-p", "\(port)", "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=\(folder.path)",
            "-c", "max_connections=200", "-c", "shared_buffers=32MB",
        ], log: log)
        let server = "127.0.0.1:\(port)"
        let deadline = Date().addingTimeInterval(30)
        while !Self.accepts(port: port) {
            guard process.isRunning else {
                throw Failure("postgres exited (status \(process.terminationStatus)) before accepting on \(server): \(Self.tail(log))")
            }
            guard Date() < deadline else { throw Failure("postgres did not accept connections on \(server) within 30 s: \(Self.tail(log))") }
            usleep(50_000)
        }
        pid = process.processIdentifier
        Self.stopAtExit(pid: pid, folder: folder.path)
    }

    /// A new empty database on the server, as a URL `Store.open` takes.
    func newDatabase() throws -> String {
        let name = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try Self.run(false, "createdb", ["-h", "127.0.0.1", "-p", "\(port)", "-U", Self.user, name],
                     log: folder.appendingPathComponent("createdb-\(name).log"), asIs: true)
        return "postgres://\(Self.user)@127.0.0.1:\(port)/\(name)?sslmode=disable"
    }

    /// A loopback port nothing listens on (bound then released; the server takes it right after).
    static func freeLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw Failure("cannot find a free loopback port: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        // Accepting TCP is not yet accepting logins: ask pg_isready too.
        guard connected else { return false }
        return (try? run(false, "pg_isready", ["-q", "-h", "127.0.0.1", "-p", "\(port)"], log: nil, asIs: true)) != nil
    }

    private static func command(_ asPostgres: Bool, _ tool: String, _ arguments: [String]) -> (String, [String]) {
        let binary = "\(binaries)/\(tool)"
        guard asPostgres else { return (binary, arguments) }
        return ("/usr/bin/setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", binary] + arguments)
    }

    private static func start(_ asPostgres: Bool, _ tool: String, _ arguments: [String], log: URL) throws -> Process {
        let (executable, all) = command(asPostgres, tool, arguments)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = all
        // setpriv does not change the folder: run from one the postgres user can read.
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    @discardableResult
    private static func run(_ asPostgres: Bool, _ tool: String, _ arguments: [String], log: URL?, asIs: Bool = false) throws -> Int32 {
        let (executable, all) = asIs ? ("\(binaries)/\(tool)", arguments) : command(asPostgres, tool, arguments)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = all
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if let log { try? Data(text.utf8).write(to: log) }
        guard process.terminationStatus == 0 else {
            throw Failure("\(tool) \(arguments.joined(separator: " ")) failed (status \(process.terminationStatus)): \(text)")
        }
        return process.terminationStatus
    }

    private static func tail(_ log: URL) -> String {
        String((String(data: (try? Data(contentsOf: log)) ?? Data(), encoding: .utf8) ?? "").suffix(1500))
    }

    /// At exit: a fast shutdown (SIGINT), up to 10 s for the server to go, then the folder is removed.
    private static func stopAtExit(pid: Int32, folder: String) {
        stopping.withLock { $0 = (pid, folder) }
        atexit {
            guard let (pid, folder) = PostgresTestServer.stopping.withLock({ $0 }) else { return }
            kill(pid, SIGINT)
            for _ in 0..<200 where kill(pid, 0) == 0 { usleep(50_000) }
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    private static let stopping = Mutex<(Int32, String)?>(nil)

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = "PostgreSQL test server: " + description }
    }
}
