import Foundation
import Testing

@Suite("Health, metrics and the OpenAPI document")
struct ServiceRouteTests {
    @Test("/healthz reports ok and a WAL-mode database")
    func health() async throws {
        try await withServer { _, client in
            let answer = try await client.send("GET", "/healthz")
            #expect(answer.status == 200)
            #expect(answer.json["status"] as? String == "ok")
            #expect(answer.json["journal_mode"] as? String == "wal")
        }
    }

    @Test("/metrics is Prometheus text that counts created sessions and stored events")
    func metrics() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            _ = try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.candidate, json: ["kind": "tab_hidden"])
            let answer = try await client.send("GET", "/metrics")
            #expect(answer.status == 200)
            #expect(answer.headers["content-type"]?.hasPrefix("text/plain") == true)
            #expect(answer.text.contains("vigil_sessions_created_total 1"))
            #expect(answer.text.contains(#"vigil_events_stored_total{kind="tab_hidden",source="page"} 1"#))
        }
    }

    @Test("every path and method in /api/openapi.json is served, and unknown ones are not")
    func openAPIMatchesRoutes() async throws {
        try await withServer { _, client in
            let document = try await client.send("GET", "/api/openapi.json")
            #expect(document.status == 200)
            #expect((document.json["openapi"] as? String)?.hasPrefix("3.") == true)
            let paths = try #require(document.json["paths"] as? [String: [String: Any]])
            #expect(Set(paths.keys).isSuperset(of: ["/api/sessions", "/api/sessions/{id}", "/api/sessions/{id}/events",
                                                    "/api/sessions/{id}/end", "/healthz", "/metrics", "/api/openapi.json"]))
            for (path, methods) in paths {
                for method in methods.keys {
                    let concrete = path.replacingOccurrences(of: "{id}", with: "00000000-0000-0000-0000-000000000000")
                        .replacingOccurrences(of: "{event}", with: "1").replacingOccurrences(of: "{snapshot}", with: "1")
                    let answer = try await client.send(method.uppercased(), concrete, body: method == "get" || method == "put" ? nil : Data("{}".utf8))
                    #expect(answer.errorCode != "no_such_route" && answer.errorCode != "method_not_allowed", "\(method) \(path) is documented but not served")
                    let documented = Set((methods[method] as? [String: Any])?["responses"].flatMap { ($0 as? [String: Any])?.keys.map { $0 } } ?? [])
                    #expect(documented.contains(String(answer.status)), "\(method) \(path) answered \(answer.status), which the document does not list")
                }
            }
            let undocumented = try await client.send("PATCH", "/api/sessions/00000000-0000-0000-0000-000000000000")
            #expect(undocumented.status == 405)
            #expect(undocumented.headers["allow"] == "DELETE, GET")
            let unknown = try await client.send("GET", "/api/no-such-thing")
            #expect(unknown.status == 404)
        }
    }
}
