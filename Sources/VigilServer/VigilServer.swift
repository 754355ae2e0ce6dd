import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import Prometheus
import Synchronization
import VigilCore
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
        router.add(middleware: RateLimitMiddleware(
            creations: RateLimiter(limit: configuration.sessionCreationsPerMinute, per: 60),
            authFailures: RateLimiter(limit: configuration.authFailuresPerMinute, per: 60)))
        router.add(middleware: MetricsMiddleware())
        let auth = Authenticator(store: store, adminKey: configuration.adminKey)
        let host = configuration.host
        let publicURL = configuration.publicURL
        // Before SessionRoutes: a Hummingbird middleware only wraps routes registered after it,
        // and the relay's and the detectors' end hooks must see `PUT /api/sessions/:id/end`.
        // The live relay: pages, signaling WebSocket, relay status (see RelaySetup), with the
        // detectors on the candidate's frames (see LiveProctoring).
        let warnings = StorageWarnings()
        let proctoring = LiveProctoring(store: store, analyzer: configuration.liveAnalyzer, warnings: warnings, logger: logger)
        // The candidate's frames also tell whether the candidate is still in the call.
        let presence = CandidatePresence(store: store, warnings: warnings, logger: logger)
        let analyse = proctoring.frameConsumer
        let relay = try RelaySetup(
            logger: logger,
            // Weak: the hub holds these closures and the watch holds the hub.
            frameConsumer: { [weak presence] session, frame in
                await presence?.frameArrived(session: session)
                await analyse(session, frame)
            },
            eventConsumer: { [weak presence] session, event in await presence?.relayEvent(session: session, event) })
        await proctoring.attach(relay.hub)
        await presence.attach(relay.hub)
        router.add(middleware: LiveProctoringEndMiddleware(proctoring: proctoring))
        relay.register(on: router, store: store, auth: auth) { await proctoring.analysisRate(session: $0) }
        SessionRoutes(store: store, auth: auth, configuration: configuration, baseURL: {
            publicURL ?? "http://\(host.contains(":") ? "[\(host)]" : host):\(boundPort.value)"
        }).register(on: router)
        ServiceRoutes(store: store, registry: registry, startedAt: Date()).register(on: router)

        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(
                webSocketRouter: relay.webSocketRouter(store: store, auth: auth, logger: logger),
                configuration: .init(ws: RelaySetup.webSocketConfiguration)),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Vigil"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? boundPort.value
                boundPort.value = port
                onListening(host, port)
            },
            logger: logger)

        let recovery = try await store.recoverInterruptedEvents()
        if recovery.interruptedEvents > 0 {
            logger.warning("closed events left open by the previous run as interrupted",
                           metadata: ["events": "\(recovery.interruptedEvents)",
                                      "last_alive": "\(recovery.lastAlive.map { Timestamp.format($0) } ?? "unknown")"])
        }
        let housekeeping = Housekeeping(store: store, retentionDays: configuration.retentionDays, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await housekeeping.run() }
            group.addTask { try await app.runService() }
            // The server returns on SIGTERM / SIGINT (or fails); housekeeping stops with it.
            try await group.next()
            group.cancelAll()
        }
    }
}

/// The port actually bound, learnt once the server runs (needed for links when --port 0).
final class BoundPort: Sendable {
    private let port: Mutex<Int>

    init(configured: Int) { port = Mutex(configured) }

    var value: Int {
        get { port.withLock { $0 } }
        set { port.withLock { $0 = newValue } }
    }
}
