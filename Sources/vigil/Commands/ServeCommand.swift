import ArgumentParser
import Foundation
import Logging
import Metrics
import Prometheus
import VigilProctoring
import VigilServer
import VigilStore

/// `vigil serve`: runs the HTTP API on one SQLite file until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Vigil server.",
        discussion: """
            Every option can also come from the environment variable named after it; a flag wins \
            over the environment. The admin key comes from VIGIL_ADMIN_KEY; when that is unset the \
            server reads DATA_DIR/admin.key, or creates it with a new random key, and prints it.
            """)

    @Option(help: "Address to listen on (env VIGIL_HOST, default 127.0.0.1).")
    var host: String?

    @Option(help: "TCP port to listen on; 0 picks a free port (env VIGIL_PORT, default 8080).")
    var port: Int?

    @Option(help: "Database: an SQLite file (or sqlite:PATH), or postgres://USER[:PASSWORD]@HOST[:PORT]/DB for a shared PostgreSQL server (env VIGIL_DB, default DATA_DIR/vigil.sqlite).")
    var db: String?

    @Option(name: .customLong("data-dir"), help: "Folder for the database and the generated admin key (env VIGIL_DATA_DIR, default data).")
    var dataDir: String?

    @Option(help: "Folder holding the detectors' model files (env VIGIL_MODELS, default models).")
    var models: String?

    @Option(name: .customLong("public-url"), help: "Base URL put in join links, e.g. https://vigil.example.com (env VIGIL_PUBLIC_URL, default http://HOST:PORT).")
    var publicURL: String?

    @Option(name: .customLong("retention-days"), help: "Delete sessions this many days after they end; 0 keeps them (env VIGIL_RETENTION_DAYS, default 0).")
    var retentionDays: Int?

    @Option(name: .customLong("recording-disk-cap-mb"), help: "MiB the call recordings (DATA/recordings) may fill; new sessions are then not recorded; 0 = no cap (env VIGIL_RECORDING_DISK_CAP_MB, default 0).")
    var recordingDiskCapMB: Int?

    @Option(name: .customLong("retention-check-seconds"), help: "Seconds between looks for sessions past the retention period (env VIGIL_RETENTION_CHECK_SECONDS, default 3600).")
    var retentionCheckSeconds: Int?

    @Option(name: .customLong("max-sessions-per-minute"), help: "Sessions one client address may create per minute; 0 = no limit (env VIGIL_MAX_SESSIONS_PER_MINUTE, default 60).")
    var maxSessionsPerMinute: Int?

    @Option(name: .customLong("max-auth-failures-per-minute"), help: "Wrong-token requests one client address may make per minute before getting 429; 0 = no limit (env VIGIL_MAX_AUTH_FAILURES_PER_MINUTE, default 30).")
    var maxAuthFailuresPerMinute: Int?

    @Option(name: .customLong("analysis-fps"), help: "Frames per second analysed in each live session (faces, mesh, pose, gaze); 0 = as many as the workers manage (env VIGIL_ANALYSIS_FPS, default 10).")
    var analysisFps: Double?

    @Option(name: .customLong("object-fps"), help: "Frames per second of each live session the object detector runs on, boxes carried between (env VIGIL_OBJECT_FPS, default 3).")
    var objectFps: Double?

    @Option(name: .customLong("identity-fps"), help: "Frames per second of each live session the identity check (face descriptor vs the enrolled face) runs on; 0 turns it off (env VIGIL_IDENTITY_FPS, default 1).")
    var identityFps: Double?

    @Option(name: .customLong("analysis-workers"), help: "Analysis threads shared by all live sessions, each with its own detectors at nice 10 (env VIGIL_ANALYSIS_WORKERS, default one per core).")
    var analysisWorkers: Int?

    @Option(name: .customLong("trusted-proxy"), help: "Address of a reverse proxy whose Forwarded / X-Forwarded-For names the client for the per-address limits; repeatable (env VIGIL_TRUSTED_PROXIES, comma separated, default none).")
    var trustedProxy: [String] = []

    @Option(name: .customLong("join-timeout-seconds"), help: "Seconds a joined page has to answer the server's offer before its pipeline is dropped (env VIGIL_JOIN_TIMEOUT_SECONDS, default 15).")
    var joinTimeoutSeconds: Double?

    @Option(name: .customLong("max-proctors"), help: "Proctors one session may have in the call at once; 0 = no limit (env VIGIL_MAX_PROCTORS, default 8).")
    var maxProctors: Int?

    @Option(name: .customLong("max-live-sessions"), help: "Sessions with a page connected to the relay this server takes at once; 0 = no limit (env VIGIL_MAX_LIVE_SESSIONS, default 16).")
    var maxLiveSessions: Int?

    @Option(name: .customLong("max-signaling-messages-per-second"), help: "Signaling messages one socket may send per second (also its burst); 0 = no limit (env VIGIL_MAX_SIGNALING_MESSAGES_PER_SECOND, default 50).")
    var maxSignalingMessagesPerSecond: Int?

    @Option(name: .customLong("tls-cert"), help: "PEM certificate (chain) for built-in HTTPS and WSS on the same port; re-read on SIGHUP (env VIGIL_TLS_CERT, default none: plain HTTP).")
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key of --tls-cert (env VIGIL_TLS_KEY).")
    var tlsKey: String?

    @Option(name: .customLong("precheck"), help: "on or off: the candidate page's camera check by the server's detectors before Join (env VIGIL_PRECHECK, default on).")
    var precheck: String?

    @Option(name: .customLong("node-id"), help: "This node's id among the nodes sharing one PostgreSQL database (env VIGIL_NODE_ID, default kept in DATA_DIR/node.id: HOSTNAME-random, made on the first run).")
    var nodeID: String?

    @Option(name: .customLong("heartbeat-seconds"), help: "Seconds between this server's heartbeats in the database (env VIGIL_HEARTBEAT_SECONDS, default 2).")
    var heartbeatSeconds: Double?

    @Option(name: .customLong("node-timeout-seconds"), help: "On PostgreSQL: a node silent this long is dead; a live node interrupts its live sessions and the next join moves each to a live node (env VIGIL_NODE_TIMEOUT_SECONDS, default 6).")
    var nodeTimeoutSeconds: Double?

    @Option(name: .customLong("analysis-jobs"), help: "Recorded-video analysis jobs (POST /api/analyses) this node runs at once, each on one analysis thread at nice 10; 0 = this node runs none (env VIGIL_ANALYSIS_JOBS, default 1).")
    var analysisJobs: Int?

    @Option(name: .customLong("max-analysis-upload-mb"), help: "MiB a video uploaded to POST /api/analyses may have; larger gets 413 (env VIGIL_MAX_ANALYSIS_UPLOAD_MB, default 2048).")
    var maxAnalysisUploadMB: Int?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (env VIGIL_LOG_LEVEL, default info).")
    var logLevel: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let settings = try ServeSettings(flags: self, environment: environment)
        var logger = Logger(label: "vigil")
        logger.logLevel = settings.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = settings.logLevel
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

        let adminKey = try AdminKey.resolve(environment: environment, dataDirectory: settings.dataDirectory)
        if let file = adminKey.file {
            FileHandle.standardOutput.write(Data("Admin key: \(adminKey.value)  (from \(file); set VIGIL_ADMIN_KEY to use your own)\n".utf8))
        }
        let store: Store
        do {
            store = try await Store.open(settings.databasePath)
        } catch {
            throw ValidationError(error.description)
        }
        var configuration = ServerConfiguration(
            host: settings.host, port: settings.port, databasePath: store.path,
            dataDirectory: settings.dataDirectory, modelsDirectory: settings.modelsDirectory,
            adminKey: adminKey.value, publicURL: settings.publicURL)
        configuration.retentionDays = settings.retentionDays
        configuration.retentionCheckSeconds = Double(settings.retentionCheckSeconds)
        configuration.recordingDiskCapMB = settings.recordingDiskCapMB
        configuration.candidatePreCheck = settings.candidatePreCheck
        configuration.sessionCreationsPerMinute = settings.sessionCreationsPerMinute
        configuration.authFailuresPerMinute = settings.authFailuresPerMinute
        configuration.analysisBudget = settings.analysisBudget
        configuration.trustedProxies = settings.trustedProxies
        configuration.joinTimeoutSeconds = settings.joinTimeoutSeconds
        configuration.maxProctorsPerSession = settings.maxProctorsPerSession
        configuration.maxLiveSessions = settings.maxLiveSessions
        configuration.signalingMessagesPerSecond = settings.signalingMessagesPerSecond
        configuration.analysisJobs = settings.analysisJobs
        configuration.maxAnalysisUploadBytes = settings.maxAnalysisUploadMB * 1024 * 1024
        if store.engine == .postgres {
            configuration.node = NodeSettings(id: try NodeIdentity.resolve(settings.nodeID, dataDirectory: settings.dataDirectory),
                                              heartbeatSeconds: settings.heartbeatSeconds, deadAfterSeconds: settings.nodeTimeoutSeconds)
        } else {
            configuration.node.heartbeatSeconds = settings.heartbeatSeconds
        }
        if let certificate = settings.tlsCertificatePath, let key = settings.tlsKeyPath {
            do {
                configuration.tlsCertificate = try ServerCertificate(certificatePath: certificate, keyPath: key)
            } catch {
                throw ValidationError(error.description)
            }
        }
        let server = VigilServer(configuration: configuration, store: store, registry: registry, logger: logger)
        let database = store.path  // a postgres:// URL without its password
        let scheme = configuration.scheme
        let nodeNote = store.engine == .postgres ? ", node \(configuration.node.id)" : ""
        try await server.run { host, port in
            // Written unbuffered: tests and scripts wait for this line to know the port.
            FileHandle.standardOutput.write(Data("Vigil listening on \(scheme)://\(host):\(port) (database \(database)\(nodeNote))\n".utf8))
        }
    }
}
