import Foundation
import Logging
import NIOSSL

/// The certificate and key the server presents over HTTPS/WSS, read from PEM files and read
/// again on SIGHUP (a renewed certificate takes effect for new connections without a restart;
/// connections already open keep theirs). A reload that fails keeps the previous pair and says
/// why in the log.
public final class ServerCertificate: @unchecked Sendable {
    public let certificatePath: String
    public let keyPath: String
    private let lock = NSLock()
    private var chain: [NIOSSLCertificate]
    private var key: NIOSSLPrivateKey

    /// Reads both files now, so a wrong path or a key that does not fit stops the server at
    /// start-up with a message rather than at the first handshake.
    public init(certificatePath: String, keyPath: String) throws(TLSFileError) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        (chain, key) = try Self.read(certificatePath: certificatePath, keyPath: keyPath)
    }

    /// The certificate chain presented now (its first entry is the server's own).
    public var currentChain: [NIOSSLCertificate] { lock.withLock { chain } }

    /// Reads the files again; on success new handshakes present the new pair.
    public func reload() throws(TLSFileError) {
        let (newChain, newKey) = try Self.read(certificatePath: certificatePath, keyPath: keyPath)
        lock.withLock {
            chain = newChain
            key = newKey
        }
    }

    /// A server TLS configuration whose every handshake asks this object for the current pair.
    func tlsConfiguration() -> TLSConfiguration {
        let (chain, key) = lock.withLock { (self.chain, self.key) }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        configuration.sslContextCallback = { [weak self] _, promise in
            guard let self else { return promise.succeed(.noChanges) }
            let (chain, key) = self.lock.withLock { (self.chain, self.key) }
            var override = NIOSSLContextConfigurationOverride()
            override.certificateChain = chain.map { .certificate($0) }
            override.privateKey = .privateKey(key)
            promise.succeed(override)
        }
        return configuration
    }

    /// Reloads on every SIGHUP until the returned source is cancelled.
    func reloadOnHangup(logger: Logger) -> any DispatchSourceSignal {
        signal(SIGHUP, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        source.setEventHandler { [weak self] in
            guard let self else { return }
            do {
                try self.reload()
                logger.notice("TLS certificate reloaded", metadata: ["certificate": "\(self.certificatePath)"])
            } catch {
                logger.error("TLS certificate not reloaded, the previous one stays in use: \(error)")
            }
        }
        source.resume()
        return source
    }

    private static func read(certificatePath: String, keyPath: String) throws(TLSFileError) -> ([NIOSSLCertificate], NIOSSLPrivateKey) {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
        } catch {
            throw .unreadable(path: certificatePath, what: "certificate", reason: "\(error)")
        }
        guard !chain.isEmpty else { throw .unreadable(path: certificatePath, what: "certificate", reason: "no PEM certificate in it") }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        } catch {
            throw .unreadable(path: keyPath, what: "private key", reason: "\(error)")
        }
        // A handshake with a key that does not match fails for every client; refuse it here.
        do {
            _ = try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key)))
        } catch {
            throw .mismatched(certificate: certificatePath, key: keyPath, reason: "\(error)")
        }
        return (chain, key)
    }
}

/// Why the TLS files cannot be used, naming the file to fix.
public enum TLSFileError: Error, Sendable, CustomStringConvertible {
    case unreadable(path: String, what: String, reason: String)
    case mismatched(certificate: String, key: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let what, let reason):
            "cannot read the TLS \(what) at \(path) (\(reason)); give --tls-cert / --tls-key PEM files the server can read"
        case .mismatched(let certificate, let key, let reason):
            "the TLS key \(key) does not fit the certificate \(certificate) (\(reason)); give the key the certificate was issued for"
        }
    }
}
