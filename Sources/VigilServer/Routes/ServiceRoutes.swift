import Foundation
import Hummingbird
import Prometheus
import VigilStore

/// Routes for operators and tools: health, Prometheus metrics, the OpenAPI document.
struct ServiceRoutes: Sendable {
    let store: Store
    let registry: PrometheusCollectorRegistry
    let startedAt: Date

    func register(on router: Router<VigilRequestContext>) {
        router.get("/healthz") { _, _ in try await health() }
        router.get("/metrics") { _, _ in
            JSONResponse.text(registry.emitToString(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.get("/api/openapi.json") { _, _ in
            JSONResponse.text(OpenAPIDocument.json, contentType: "application/json; charset=utf-8")
        }
    }

    struct Health: Encodable {
        var status: String
        var database: String
        var journalMode: String
        var uptimeSeconds: Double
        var version: String
    }

    func health() async throws -> Response {
        if let failure = store.writeFailure {
            throw APIError(.serviceUnavailable, "storage_unavailable",
                           "the database at \(store.path) refuses writes since \(failure.since.formatted(.iso8601)), so events cannot be stored: \(failure.reason)")
        }
        do {
            let mode = try await store.journalMode()
            return try JSONResponse.make(Health(status: "ok", database: store.path, journalMode: mode,
                                                uptimeSeconds: Date().timeIntervalSince(startedAt).rounded(), version: VigilVersion.current))
        } catch {
            throw APIError(.serviceUnavailable, "storage_unavailable", "the database at \(store.path) cannot be read: \(error)")
        }
    }
}
