import Foundation

/// The server's DTLS identity: a self-signed ECDSA P-256 certificate and its key, made once per
/// process when the first participant joins, presented by every webrtcbin of the relay.
///
/// Why not webrtcbin's own: GStreamer 1.22 generates an RSA certificate, and stacks that offer
/// only ECDHE-ECDSA suites (aiortc, some embedded clients) then fail the handshake with
/// "no shared cipher". Browsers offer both, so ECDSA P-256 (RFC 8827 §6.5's mandatory curve)
/// serves everyone. WebRTC authenticates the certificate by the fingerprint in the signed-in
/// signaling channel, not by a CA, so self-signed is what the protocol expects.
///
/// Made with Debian's `openssl` (scripts/setup.sh installs it): the relay's code links no TLS
/// library of its own, and GStreamer's dtls plugin already uses OpenSSL to read it back.
public struct DTLSCertificate: Sendable {
    /// Certificate then private key, PEM, as `dtlssrtpdec`'s `pem` property expects them.
    public let pem: String
    /// SHA-256 of the certificate's DER, upper-case hex pairs joined by colons (RFC 8122 §5).
    public let fingerprint: String

    /// The process-wide certificate, generated on first use.
    public static func shared() throws(MediaError) -> DTLSCertificate { try generatedOnce.get() }

    private static let generatedOnce: Result<DTLSCertificate, MediaError> = Result { () throws(MediaError) in try generate() }

    /// A fresh self-signed P-256 certificate valid for 30 days (the server restarts well within
    /// that; browsers reject certificates older than a year).
    public static func generate(openssl: String = "/usr/bin/openssl") throws(MediaError) -> DTLSCertificate {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-dtls-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = folder.appendingPathComponent("key.pem"), certificate = folder.appendingPathComponent("certificate.pem")
        let arguments = ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-sha256",
                         "-days", "30", "-subj", "/CN=vigil", "-keyout", key.path, "-out", certificate.path]
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .dtlsCertificateUnavailable("could not make a temporary folder (\(error.localizedDescription))")
        }
        _ = try run(openssl, arguments)
        guard let certificateText = try? String(contentsOf: certificate, encoding: .utf8),
              let keyText = try? String(contentsOf: key, encoding: .utf8),
              certificateText.contains("BEGIN CERTIFICATE"), keyText.contains("PRIVATE KEY") else {
            throw .dtlsCertificateUnavailable("\(openssl) req wrote no certificate or key")
        }
        // "sha256 Fingerprint=AB:CD:…"
        let printed = try run(openssl, ["x509", "-noout", "-fingerprint", "-sha256", "-in", certificate.path])
        guard let fingerprint = printed.split(separator: "=").last?.trimmingCharacters(in: .whitespacesAndNewlines),
              fingerprint.count == 95 else {
            throw .dtlsCertificateUnavailable("\(openssl) x509 printed no SHA-256 fingerprint: \(printed.prefix(200))")
        }
        return DTLSCertificate(pem: certificateText + keyText, fingerprint: fingerprint.uppercased())
    }

    /// The SDP with every `a=fingerprint` line naming this certificate.
    ///
    /// Needed because GStreamer 1.22's webrtcbin computes the offer's fingerprint over every
    /// base64 line of the `pem` it was given, private key included, so with any certificate of
    /// our own its fingerprint matches nothing and every peer refuses the handshake
    /// ("fingerprint mismatch"); DTLSCertificateTests pins that behaviour. webrtcbin never checks
    /// its own fingerprint, so correcting the text the page receives is enough.
    public func announcing(in sdp: String) -> String {
        let newline = sdp.contains("\r\n") ? "\r\n" : "\n"
        return sdp.components(separatedBy: newline).map { line in
            line.hasPrefix("a=fingerprint:") ? "a=fingerprint:sha-256 \(fingerprint)" : line
        }.joined(separator: newline)
    }

    /// Runs openssl; its standard output, or a typed error with what it printed on stderr.
    private static func run(_ openssl: String, _ arguments: [String]) throws(MediaError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: openssl)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw .dtlsCertificateUnavailable("could not run \(openssl) (\(error.localizedDescription)); install Debian's openssl package (scripts/setup.sh)")
        }
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw .dtlsCertificateUnavailable("\(openssl) \(arguments.first ?? "") failed (status \(process.terminationStatus)): \(message.prefix(300))")
        }
        return printed
    }
}
