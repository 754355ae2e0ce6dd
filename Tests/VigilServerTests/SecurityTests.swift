import Foundation
import Testing

@Suite("Security: headers, rate limits, deletion")
struct SecurityTests {
    @Test("every answer carries CSP without inline scripts, no-referrer, nosniff and DENY framing — errors included")
    func securityHeaders() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            let answers = [
                try await client.send("GET", "/healthz"),
                try await client.send("GET", "/no/such/route"),
                try await client.send("GET", "/api/sessions/\(session.id)?format=html", token: session.interviewer),
                try await client.send("GET", "/api/sessions/\(session.id)", token: "wrong-token"),
            ]
            for answer in answers {
                let csp = try #require(answer.headers["content-security-policy"], "status \(answer.status)")
                let scriptSource = csp.split(separator: ";").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("script-src") }
                #expect(scriptSource?.trimmingCharacters(in: .whitespaces) == "script-src 'self'")
                #expect(csp.contains("frame-ancestors 'none'"))
                #expect(answer.headers["referrer-policy"] == "no-referrer")
                #expect(answer.headers["x-content-type-options"] == "nosniff")
                #expect(answer.headers["x-frame-options"] == "DENY")
            }
        }
    }

    @Test("after too many wrong tokens an address gets 429 for wrong tokens until the window passes; a right token still gets through")
    func failedTokenLimit() async throws {
        try await withServer(environment: ["VIGIL_MAX_AUTH_FAILURES_PER_MINUTE": "5"]) { _, client in
            let session = try await TestSession.create(client)
            for attempt in 1...5 {
                let answer = try await client.send("GET", "/api/sessions/\(session.id)", token: "guess-\(attempt)")
                #expect(answer.status == 401)
            }
            let blocked = try await client.send("GET", "/api/sessions/\(session.id)", token: "guess-6")
            #expect(blocked.status == 429)
            #expect(blocked.errorCode == "too_many_failures")
            let honest = try await client.send("GET", "/api/sessions/\(session.id)", token: session.interviewer)
            #expect(honest.status == 200, "a valid token is never refused by the failure limit: \(honest.status) \(honest.text)")
        }
    }

    @Test("an address may create only so many sessions per minute; the refused one is not created")
    func sessionCreationLimit() async throws {
        try await withServer(environment: ["VIGIL_MAX_SESSIONS_PER_MINUTE": "3"]) { _, client in
            for _ in 1...3 { _ = try await TestSession.create(client) }
            let refused = try await client.send("POST", "/api/sessions", token: ServerProcess.adminKey,
                                                json: ["candidate_name": "Fourth", "interviewer_name": "X"])
            #expect(refused.status == 429)
            #expect(refused.errorCode == "too_many_sessions")
            let metrics = try await client.send("GET", "/metrics").text
            #expect(metrics.contains("vigil_sessions_created_total 3"))
        }
    }

    @Test("the interviewer's DELETE purges the session and its events; other sessions stay")
    func deletePurges() async throws {
        try await withServer { _, client in
            let doomed = try await TestSession.create(client)
            let kept = try await TestSession.create(client)
            for session in [doomed, kept] {
                _ = try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.candidate, json: ["kind": "tab_hidden"])
            }
            #expect(try await client.send("DELETE", "/api/sessions/\(doomed.id)", token: doomed.candidate).status == 403)
            #expect(try await client.send("DELETE", "/api/sessions/\(doomed.id)", token: doomed.proctor).status == 403)
            #expect(try await client.send("DELETE", "/api/sessions/\(doomed.id)", token: kept.interviewer).status == 401)
            #expect(try await client.send("DELETE", "/api/sessions/\(doomed.id)", token: doomed.interviewer).status == 204)
            #expect(try await client.send("GET", "/api/sessions/\(doomed.id)", token: ServerProcess.adminKey).status == 404)
            let other = try await client.send("GET", "/api/sessions/\(kept.id)", token: kept.interviewer)
            #expect((other.json["events"] as? [Any])?.count == 1)
        }
    }
}
