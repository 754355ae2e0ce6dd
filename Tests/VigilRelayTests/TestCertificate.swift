import Foundation

/// A self-signed certificate for 127.0.0.1 made by openssl at test time, and the few openssl /
/// curl calls the TLS tests make (Foundation's URLSession on Linux cannot be told to trust it).
struct TestCertificate {
    let folder: URL
    var certificate: URL { folder.appendingPathComponent("cert.pem") }
    var key: URL { folder.appendingPathComponent("key.pem") }

    /// A new key and certificate (common name `name`) in a new temporary folder.
    static func make(name: String = "vigil-test") throws -> TestCertificate {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let made = TestCertificate(folder: folder)
        try made.issue(name: name)
        return made
    }

    /// Writes a fresh key and certificate over the files (as a renewal does).
    func issue(name: String) throws {
        let output = try Self.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                                   "-keyout", key.path, "-out", certificate.path, "-subj", "/CN=\(name)",
                                   "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
        guard FileManager.default.fileExists(atPath: certificate.path) else { throw TestFailure("openssl made no certificate: \(output)") }
    }

    /// The SHA-256 fingerprint of the certificate in the files.
    var fileFingerprint: String {
        get throws { try Self.run(["openssl", "x509", "-in", certificate.path, "-noout", "-fingerprint", "-sha256"]).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// The SHA-256 fingerprint of the certificate the server on `port` presents in a handshake.
    static func servedFingerprint(port: Int) throws -> String {
        let served = try run(["openssl", "s_client", "-connect", "127.0.0.1:\(port)", "-servername", "localhost"], input: "")
        guard let start = served.range(of: "-----BEGIN CERTIFICATE-----"), let end = served.range(of: "-----END CERTIFICATE-----") else {
            throw TestFailure("no certificate in the handshake: \(served.suffix(400))")
        }
        let pem = String(served[start.lowerBound..<end.upperBound]) + "\n"
        return try run(["openssl", "x509", "-noout", "-fingerprint", "-sha256"], input: pem).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `curl` without certificate checks: status code and body.
    static func curl(_ method: String, _ url: String, token: String? = nil, json: String? = nil) throws -> (status: Int, body: String) {
        var arguments = ["curl", "-sk", "-X", method, "-w", "\n%{http_code}", url]
        if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
        if let json { arguments += ["-H", "Content-Type: application/json", "--data", json] }
        let output = try run(arguments)
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
    }

    /// Runs a tool and returns what it printed (stdout and stderr).
    @discardableResult
    static func run(_ arguments: [String], input: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}
