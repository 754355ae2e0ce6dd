import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import VigilMedia
import VigilStore

/// Everything the live relay adds to the server, built once at start-up so that a missing
/// pipeline file, page or plugin stops the server with a clear message instead of failing the
/// first interview.
struct RelaySetup: Sendable {
    let hub: RelayHub
    let schema: SignalingSchema
    let pages: PagesRoutes

    struct SetupError: Error, CustomStringConvertible {
        let description: String
    }

    init(logger: Logger, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let pipelinesFolder = ResourceFolder.locate("pipelines", environmentVariable: "VIGIL_PIPELINES", environment: environment) else {
            throw SetupError(description: "the relay's pipelines/ folder was not found; run from the repository root or set VIGIL_PIPELINES")
        }
        guard let pagesFolder = ResourceFolder.locate("signaling", environmentVariable: "VIGIL_SIGNALING", environment: environment) else {
            throw SetupError(description: "the pages' signaling/ folder was not found; run from the repository root or set VIGIL_SIGNALING")
        }
        GStreamerRuntime.ensureInitialized()
        for element in ["webrtcbin", "nicesrc", "vp8enc", "vp8dec", "rtpopuspay", "appsink", "textoverlay"] where !GStreamerRuntime.hasElement(element) {
            throw SetupError(description: "GStreamer element '\(element)' is missing; run scripts/setup.sh (gstreamer1.0-plugins-bad, -good, -base, gstreamer1.0-nice)")
        }
        // The server's DTLS identity (ECDSA P-256, made with openssl): made now, so a missing
        // openssl stops the server with its reason instead of failing the first join.
        do {
            _ = try DTLSCertificate.shared()
        } catch {
            throw SetupError(description: "the relay's DTLS certificate could not be made: \(error.description)")
        }
        let configuration: RelayConfiguration
        do {
            configuration = try RelayConfiguration.fromEnvironment(environment)
        } catch {
            throw SetupError(description: error.description)
        }
        let pipelines: RelayPipelines
        do {
            pipelines = try RelayPipelines(folder: pipelinesFolder)
        } catch {
            throw SetupError(description: error.description)
        }
        let schemaFile = pagesFolder.appendingPathComponent("signaling.schema.json")
        guard let schemaData = try? Data(contentsOf: schemaFile) else {
            throw SetupError(description: "the signaling schema \(schemaFile.path) is missing")
        }
        schema = try SignalingSchema(data: schemaData)
        pages = try PagesRoutes(folder: pagesFolder)
        hub = RelayHub(pipelines: pipelines, configuration: configuration, logger: logger)
    }

    /// Pages and the relay status route on the API router. `analysisRate` gives the live
    /// detectors' frames/s for a session, shown on the status route.
    func register(on router: Router<VigilRequestContext>, store: Store, auth: TokenCheck,
                  analysisRate: @escaping @Sendable (String) async -> Double? = { _ in nil }) {
        pages.register(on: router)
        RelayStatusRoutes(store: store, auth: auth, hub: hub, analysisRate: analysisRate).register(on: router)
        CandidateMessageRoutes(store: store, auth: auth, hub: hub).register(on: router)
    }

    /// The WebSocket router for `/api/sessions/:id/signal`, with its limits (`guards`).
    func webSocketRouter(store: Store, auth: TokenCheck, guards: SignalingGuards, node: NodeMembership? = nil,
                         logger: Logger) -> Router<SignalingRequestContext> {
        let router = Router(context: SignalingRequestContext.self)
        SignalingRoutes(store: store, auth: auth, hub: hub, schema: schema, guards: guards, node: node, logger: logger).register(on: router)
        return router
    }

    /// Frames big enough that an oversized message still reaches the handler and gets a close
    /// with a reason (the handler enforces the real 64 KiB limit).
    static var webSocketConfiguration: WebSocketServerConfiguration {
        WebSocketServerConfiguration(maxFrameSize: SignalingRoutes.maxFrameBytes, autoPing: .enabled(timePeriod: .seconds(20)))
    }
}
