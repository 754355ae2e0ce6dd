import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import HummingbirdWebSocket
import Logging
import NIOCore
import Prometheus
import VigilCore
import VigilLifecycle
import VigilProctoring
import VigilStore

/// The HTTP server: the session API, health, metrics and the OpenAPI document over one store.
public struct VigilServer: Sendable {
    public let configuration: ServerConfiguration
    public let store: Store
    let registry: PrometheusCollectorRegistry
    let logger: Logger

    public init(configuration: ServerConfiguration, store: Store, registry: PrometheusCollectorRegistry, logger: Logger) {
        self.configuration = configuration
        self.store = store
        self.registry = registry
        self.logger = logger
    }

    /// Serves until the process is told to stop (SIGINT / SIGTERM). `onListening` receives the
    /// bound address, which differs from the configured one when the port is 0.
    public func run(onListening: @escaping @Sendable (String, Int) -> Void = { _, _ in }) async throws {
        let boundPort = BoundPort(configured: configuration.port)
        let router = Router(context: VigilRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorMiddleware())
        let auth = TokenCheck(store: store, adminKey: configuration.adminKey)
        // One failure count per client address for the API and the signaling upgrade alike.
        let authFailures = RateLimiter(limit: configuration.authFailuresPerMinute, per: 60)
        router.add(middleware: RateLimitMiddleware(
            creations: RateLimiter(limit: configuration.sessionCreationsPerMinute, per: 60),
            authFailures: authFailures,
            addresses: ClientAddressResolver(trustedProxies: configuration.trustedProxies),
            auth: auth))
        router.add(middleware: MetricsMiddleware())
        let signalingGuards = SignalingGuards(configuration: configuration, authFailures: authFailures)
        let host = configuration.host
        let publicURL = configuration.publicURL
        let scheme = configuration.scheme
        let baseURL: @Sendable () -> String = {
            publicURL ?? "\(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(boundPort.value)"
        }
        // On PostgreSQL this server is one node of several: it registers and heartbeats, places
        // new sessions on the least-loaded live node, and redirects or takes over signaling.
        let admission = signalingGuards.admission
        let node: NodeMembership? = store.engine == .postgres ? NodeMembership(
            store: store, settings: configuration.node, capacity: configuration.maxLiveSessions,
            publicURL: { boundPort.value == 0 ? nil : baseURL() }, liveSessions: { await admission.liveSessionCount },
            logger: logger) : nil
        // One owner of every session's life: the routes and the retention purge open, end and
        // delete through it, and each per-session service below hears of it once.
        let lifecycle = SessionLifecycle(store: store, logger: logger)
        // The relay hands the candidate's frames to the detectors and the presence watch; their
        // updates come back to the relay's pages and video through `ProctoringRelayOutput`.
        let relay = try RelaySetup(logger: logger)
        let output = ProctoringRelayOutput(hub: relay.hub)
        let proctoring = LiveProctoring(store: store, analyzer: configuration.liveAnalyzer, budget: configuration.analysisBudget,
                                        output: output, logger: logger)
        // The candidate's frames also tell whether the candidate is still in the call.
        let presence = CandidatePresence(store: store, output: output, logger: logger)
        await presence.start()
        // Weak: the hub holds these closures, and the services hold the hub through `output`.
        await relay.hub.consume(
            frames: { [weak proctoring, weak presence] session, frame in
                await presence?.frameArrived(session: session)
                await proctoring?.deliver(frame, session: session)
            },
            events: { [weak presence] session, event in await presence?.relayEvent(session: session, event) })
        // Both microphones' voice activity goes to the audio rules of the session's proctor.
        await relay.hub.consume(voice: { [weak proctoring] session, activity in
            await proctoring?.hear(activity.window, from: activity.source, session: session, arrival: activity.end)
        })
        // The relay first: the pages hear `ended` and the pipelines stop feeding frames before
        // the detectors close their open events.
        for service in [relay.hub, proctoring, presence, output] as [any SessionService] {
            await lifecycle.subscribe(service)
        }
        // Recording: after the relay, which closes the file before this service stores it.
        let recordings = SessionRecordings(store: store, dataDirectory: configuration.dataDirectory,
                                           capMB: configuration.recordingDiskCapMB, nodeID: node?.id, logger: logger)
        await relay.hub.announceRelays { [weak recordings] session in await recordings?.relayStarted(session) }
        await lifecycle.subscribe(recordings)
        relay.register(on: router, store: store, auth: auth) { await proctoring.analysisRate(session: $0) }
        SessionRoutes(store: store, lifecycle: lifecycle, auth: auth, configuration: configuration, baseURL: baseURL,
                      clipTemplate: relay.hub.pipelines.clip,
                      candidatePreCheck: configuration.candidatePreCheck ? CandidatePreCheck(analyzer: configuration.liveAnalyzer) : nil,
                      node: node).register(on: router)
        NodeRoutes(store: store, auth: auth, node: node).register(on: router)
        // Recorded-video analysis jobs: queued in the store, run by any node with a free slot.
        let runner = configuration.analysisJobs > 0 ? AnalysisJobRunner(
            store: store, node: node?.id ?? configuration.node.id, slots: configuration.analysisJobs,
            analyzer: configuration.liveAnalyzer, budget: configuration.analysisJobBudget, logger: logger) : nil
        AnalysisRoutes(store: store, auth: auth, dataDirectory: configuration.dataDirectory,
                       maxUploadBytes: configuration.maxAnalysisUploadBytes, runner: runner).register(on: router)
        ServiceRoutes(store: store, registry: registry, startedAt: Date()).register(on: router)

        var server: HTTPServerBuilder = .http1WebSocketUpgrade(
            webSocketRouter: relay.webSocketRouter(store: store, auth: auth, guards: signalingGuards, node: node, logger: logger),
            configuration: .init(ws: RelaySetup.webSocketConfiguration))
        // Built-in TLS: HTTPS and WSS on the same port, the certificate re-read on SIGHUP.
        var hangupSource: (any DispatchSourceSignal)?
        if let certificate = configuration.tlsCertificate {
            server = try .tls(server, tlsConfiguration: certificate.tlsConfiguration())
            hangupSource = certificate.reloadOnHangup(logger: logger)
        }
        defer { hangupSource?.cancel() }
        let app = Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Vigil"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? boundPort.value
                boundPort.value = port
                // Registered before it says it listens: a session can be placed here at once.
                do {
                    try await node?.beat()
                } catch {
                    logger.error("this node could not register in the database", metadata: ["node": "\(configuration.node.id)", "reason": "\(error)"])
                }
                onListening(host, port)
            },
            logger: logger)

        if let node {
            // Several nodes share the database: only this node's own sessions are its to recover
            // (dead nodes' are failed over by the heartbeat).
            try await node.recoverPreviousRun()
            await recordings.recoverInterrupted { session in
                (try? await store.placement(session: session, aliveSince: node.aliveSince()))?.placement.map { $0.node == node.id } ?? true
            }
        } else {
            let recovery = try await store.recoverInterruptedEvents()
            if recovery.interruptedEvents > 0 {
                logger.warning("closed events left open by the previous run as interrupted",
                               metadata: ["events": "\(recovery.interruptedEvents)",
                                          "last_alive": "\(recovery.lastAlive.map { Timestamp.format($0) } ?? "unknown")"])
            }
            await recordings.recoverInterrupted()
            // The one server on this file: analysis jobs its previous run left running start over.
            let requeued = try await store.requeueRunningAnalysisJobs()
            if !requeued.isEmpty {
                logger.warning("analysis jobs left running by the previous run are queued again", metadata: ["jobs": "\(requeued)"])
            }
        }
        // Files whose session was deleted while this server was down (through another node, or
        // killed between the deletion and the file's removal).
        await recordings.sweepOrphans()
        let housekeeping = Housekeeping(store: store, lifecycle: lifecycle, retentionDays: configuration.retentionDays, logger: logger,
                                        heartbeatInterval: .milliseconds(Int64(configuration.node.heartbeatSeconds * 1000)),
                                        purgeInterval: configuration.retentionCheckSeconds, node: node,
                                        sweepFiles: { [weak recordings] in await recordings?.sweepOrphans() })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await housekeeping.run() }
            group.addTask { try await app.runService() }
            if let runner { group.addTask { await runner.run() } }
            // The server returns on SIGTERM / SIGINT (or fails); housekeeping stops with it.
            try await group.next()
            group.cancelAll()
        }
        await proctoring.stop()
    }
}
