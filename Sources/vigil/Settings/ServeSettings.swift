import ArgumentParser
import Foundation
import Logging
import VigilProctoring

/// `vigil serve`'s options after merging flags, environment and defaults, validated.
struct ServeSettings {
    var host: String
    var port: Int
    var databasePath: String
    var dataDirectory: String
    var modelsDirectory: String
    var publicURL: String?
    var logLevel: Logger.Level
    var retentionDays: Int
    var retentionCheckSeconds: Int
    /// Nil: no cap on the recordings folder.
    var recordingDiskCapMB: Int?
    var sessionCreationsPerMinute: Int
    var authFailuresPerMinute: Int
    var analysisBudget: AnalysisBudget
    var trustedProxies: [String]
    var joinTimeoutSeconds: Double
    var maxProctorsPerSession: Int
    var maxLiveSessions: Int
    var signalingMessagesPerSecond: Int
    /// PEM certificate and key for built-in HTTPS/WSS (both or neither).
    var tlsCertificatePath: String?
    var tlsKeyPath: String?
    /// The candidate page's camera pre-check (VIGIL_PRECHECK / --precheck, default on).
    var candidatePreCheck: Bool
    /// As a node of several on PostgreSQL: the id given (nil: kept in DATA_DIR/node.id), seconds
    /// between heartbeats, and seconds of silence after which a node is failed over.
    var nodeID: String?
    var heartbeatSeconds: Double
    var nodeTimeoutSeconds: Double
    /// Recorded-video analysis jobs this node runs at once (0: none), and the largest upload.
    var analysisJobs: Int
    var maxAnalysisUploadMB: Int

    init(flags: ServeCommand, environment: [String: String]) throws {
        let options = OptionSource(environment: environment)
        let pick = options.pick
        host = pick(flags.host, "VIGIL_HOST") ?? "127.0.0.1"
        let portText = flags.port.map(String.init) ?? environment["VIGIL_PORT"] ?? "8080"
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw ValidationError("port '\(portText)' is not a TCP port (0-65535); set --port or VIGIL_PORT")
        }
        self.port = port
        dataDirectory = options.dataDirectory(flags.dataDir)
        databasePath = options.databasePath(flags.db, dataDirectory: dataDirectory)
        modelsDirectory = options.modelsDirectory(flags.models)
        publicURL = pick(flags.publicURL, "VIGIL_PUBLIC_URL").map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        let levelText = pick(flags.logLevel, "VIGIL_LOG_LEVEL") ?? "info"
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw ValidationError("log level '\(levelText)' is unknown; use trace, debug, info, notice, warning, error or critical")
        }
        logLevel = level
        func count(_ flag: Int?, _ name: String, default value: Int) throws -> Int {
            let text = flag.map(String.init) ?? environment[name].flatMap { $0.isEmpty ? nil : $0 } ?? String(value)
            guard let number = Int(text), number >= 0 else {
                throw ValidationError("\(name) must be a whole number ≥ 0, not '\(text)'")
            }
            return number
        }
        retentionDays = try count(flags.retentionDays, "VIGIL_RETENTION_DAYS", default: 0)
        retentionCheckSeconds = try count(flags.retentionCheckSeconds, "VIGIL_RETENTION_CHECK_SECONDS", default: 3600)
        guard retentionCheckSeconds >= 1 else {
            throw ValidationError("VIGIL_RETENTION_CHECK_SECONDS must be at least 1 (seconds between retention purges), not 0")
        }
        let cap = try count(flags.recordingDiskCapMB, "VIGIL_RECORDING_DISK_CAP_MB", default: 0)
        recordingDiskCapMB = cap > 0 ? cap : nil
        sessionCreationsPerMinute = try count(flags.maxSessionsPerMinute, "VIGIL_MAX_SESSIONS_PER_MINUTE", default: 60)
        authFailuresPerMinute = try count(flags.maxAuthFailuresPerMinute, "VIGIL_MAX_AUTH_FAILURES_PER_MINUTE", default: 30)
        func rate(_ flag: Double?, _ name: String, default value: Double) throws -> Double {
            let text = flag.map { String($0) } ?? environment[name].flatMap { $0.isEmpty ? nil : $0 } ?? String(value)
            guard let number = Double(text), number.isFinite, number >= 0 else {
                throw ValidationError("\(name) must be a number of frames per second ≥ 0, not '\(text)'")
            }
            return number
        }
        let workers = try count(flags.analysisWorkers, "VIGIL_ANALYSIS_WORKERS", default: AnalysisBudget.cores)
        guard workers >= 1 else {
            throw ValidationError("VIGIL_ANALYSIS_WORKERS must be at least 1 (threads analysing the live sessions), not 0")
        }
        analysisBudget = AnalysisBudget(
            framesPerSecond: try rate(flags.analysisFps, "VIGIL_ANALYSIS_FPS", default: 10),
            objectFramesPerSecond: try rate(flags.objectFps, "VIGIL_OBJECT_FPS", default: 3),
            workers: workers)
        analysisBudget.identityFramesPerSecond = try rate(flags.identityFps, "VIGIL_IDENTITY_FPS", default: 1)
        // Repeated flags win over the comma-separated environment list.
        let proxies = !flags.trustedProxy.isEmpty ? flags.trustedProxy
            : (environment["VIGIL_TRUSTED_PROXIES"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        trustedProxies = proxies.filter { !$0.isEmpty }
        for proxy in trustedProxies where !Self.isIPAddress(proxy) {
            throw ValidationError("trusted proxy '\(proxy)' is not an IP address; give --trusted-proxy / VIGIL_TRUSTED_PROXIES the proxy's IPv4 or IPv6 address")
        }
        let timeoutText = flags.joinTimeoutSeconds.map { String($0) } ?? environment["VIGIL_JOIN_TIMEOUT_SECONDS"].flatMap { $0.isEmpty ? nil : $0 } ?? "15"
        guard let timeout = Double(timeoutText), timeout > 0, timeout.isFinite else {
            throw ValidationError("VIGIL_JOIN_TIMEOUT_SECONDS must be a number of seconds above 0, not '\(timeoutText)'")
        }
        joinTimeoutSeconds = timeout
        maxProctorsPerSession = try count(flags.maxProctors, "VIGIL_MAX_PROCTORS", default: 8)
        maxLiveSessions = try count(flags.maxLiveSessions, "VIGIL_MAX_LIVE_SESSIONS", default: 16)
        analysisJobs = try count(flags.analysisJobs, "VIGIL_ANALYSIS_JOBS", default: 1)
        maxAnalysisUploadMB = try count(flags.maxAnalysisUploadMB, "VIGIL_MAX_ANALYSIS_UPLOAD_MB", default: 2048)
        signalingMessagesPerSecond = try count(flags.maxSignalingMessagesPerSecond, "VIGIL_MAX_SIGNALING_MESSAGES_PER_SECOND", default: 50)
        let preCheckText = (pick(flags.precheck, "VIGIL_PRECHECK") ?? "on").lowercased()
        switch preCheckText {
        case "on", "true", "1", "yes": candidatePreCheck = true
        case "off", "false", "0", "no": candidatePreCheck = false
        default: throw ValidationError("--precheck / VIGIL_PRECHECK must be on or off, not '\(preCheckText)'")
        }
        nodeID = pick(flags.nodeID, "VIGIL_NODE_ID")
        func seconds(_ flag: Double?, _ name: String, default value: Double) throws -> Double {
            let text = flag.map { String($0) } ?? environment[name].flatMap { $0.isEmpty ? nil : $0 } ?? String(value)
            guard let number = Double(text), number.isFinite, number >= 0.1 else {
                throw ValidationError("\(name) must be a number of seconds of at least 0.1, not '\(text)'")
            }
            return number
        }
        heartbeatSeconds = try seconds(flags.heartbeatSeconds, "VIGIL_HEARTBEAT_SECONDS", default: 2)
        nodeTimeoutSeconds = try seconds(flags.nodeTimeoutSeconds, "VIGIL_NODE_TIMEOUT_SECONDS", default: 6)
        guard nodeTimeoutSeconds > heartbeatSeconds else {
            throw ValidationError("VIGIL_NODE_TIMEOUT_SECONDS (\(nodeTimeoutSeconds)) must be longer than VIGIL_HEARTBEAT_SECONDS (\(heartbeatSeconds)), or every node would look dead between its heartbeats")
        }
        tlsCertificatePath = pick(flags.tlsCert, "VIGIL_TLS_CERT")
        tlsKeyPath = pick(flags.tlsKey, "VIGIL_TLS_KEY")
        if (tlsCertificatePath == nil) != (tlsKeyPath == nil) {
            throw ValidationError("built-in TLS needs both a certificate and its key: give --tls-cert and --tls-key (or VIGIL_TLS_CERT and VIGIL_TLS_KEY) together")
        }
    }

    /// Whether `text` is an IPv4 or IPv6 address (what a peer address is compared with).
    static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}
