import Foundation
import Testing

/// The failure limiter must slow guessing without locking out honest users: it counts wrong
/// tokens per real client address, believes `X-Forwarded-For` / `Forwarded` only from a
/// configured trusted proxy, and never refuses a request whose token is valid.
@Suite("Rate limits that do not punish the innocent")
struct FairRateLimitTests {
    /// Sends `count` wrong-token reads of `session` and returns their statuses in order.
    private func guess(_ client: APIClient, _ session: TestSession, count: Int, headers: [String: String] = [:]) async throws -> [Int] {
        var statuses: [Int] = []
        for attempt in 1...count {
            let answer = try await client.send("GET", "/api/sessions/\(session.id)",
                                               headers: headers.merging(["Authorization": "Bearer wrong-guess-\(attempt)"]) { _, new in new })
            statuses.append(answer.status)
        }
        return statuses
    }

    @Test("a valid token is still accepted right after 100 wrong-token requests from the same address")
    func validTokenSurvivesAFlood() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            let statuses = try await guess(client, session, count: 100)
            // The default allowance is 30 failures a minute: the first 30 are answered 401, the rest 429.
            #expect(statuses.prefix(30).allSatisfy { $0 == 401 }, "first 30: \(statuses.prefix(30))")
            #expect(statuses.dropFirst(30).allSatisfy { $0 == 429 }, "after 30: \(Set(statuses.dropFirst(30)))")

            let interviewer = try await client.send("GET", "/api/sessions/\(session.id)", token: session.interviewer)
            #expect(interviewer.status == 200, "the interviewer's valid token: \(interviewer.status) \(interviewer.text)")
            #expect(interviewer.json["status"] as? String == "live", "the report itself: \(interviewer.text.prefix(200))")
            let candidate = try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.candidate, json: ["kind": "tab_hidden"])
            #expect(candidate.status == 201, "the candidate's valid token: \(candidate.status) \(candidate.text)")
            let admin = try await client.send("POST", "/api/sessions", token: ServerProcess.adminKey,
                                              json: ["candidate_name": "Next", "interviewer_name": "One"])
            #expect(admin.status == 201, "the admin key: \(admin.status) \(admin.text)")
            // A valid token of another session is not this session's: refused, and limited as a failure.
            let other = try await client.send("GET", "/api/sessions/\(session.id)", token: try await TestSession.create(client).interviewer)
            #expect(other.status == 401 || other.status == 429, "another session's token on this one: \(other.status)")
            // Wrong tokens stay refused while the window lasts.
            let stillGuessing = try await client.send("GET", "/api/sessions/\(session.id)", token: "wrong-guess-101")
            #expect(stillGuessing.status == 429)
            #expect(stillGuessing.errorCode == "too_many_failures")
            // A request without a token guesses nothing: health and metrics still answer.
            #expect(try await client.send("GET", "/healthz").status == 200)
            let metrics = try await client.send("GET", "/metrics").text
            #expect(metrics.contains(#"vigil_rate_limit_refused_total{reason="too_many_failures"}"#), "refusals are counted")
        }
    }

    @Test("behind a trusted proxy, one attacker's failures (X-Forwarded-For A) do not lock out another client (X-Forwarded-For B)")
    func trustedProxySeparatesClients() async throws {
        try await withServer(environment: ["VIGIL_TRUSTED_PROXIES": "10.9.9.9, 127.0.0.1"]) { _, client in
            let session = try await TestSession.create(client)
            let attacker = try await guess(client, session, count: 40, headers: ["X-Forwarded-For": "198.51.100.66"])
            #expect(attacker.prefix(30).allSatisfy { $0 == 401 } && attacker.dropFirst(30).allSatisfy { $0 == 429 },
                    "the attacker is limited on its own address: \(attacker)")

            // Another client behind the same proxy, with a wrong token: counted on its own.
            let other = try await client.send("GET", "/api/sessions/\(session.id)",
                                              headers: ["X-Forwarded-For": "203.0.113.20", "Authorization": "Bearer typo"])
            #expect(other.status == 401, "client B's first wrong token is a 401, not the attacker's 429: \(other.status)")
            let honest = try await client.send("GET", "/api/sessions/\(session.id)", token: session.interviewer,
                                               headers: ["X-Forwarded-For": "203.0.113.20"])
            #expect(honest.status == 200)

            // The proxy's own hop appended after the client's (client, proxy) still names the client;
            // and RFC 7239's Forwarded names the same attacker.
            let chained = try await client.send("GET", "/api/sessions/\(session.id)",
                                                headers: ["X-Forwarded-For": "198.51.100.66, 10.9.9.9", "Authorization": "Bearer again"])
            #expect(chained.status == 429, "the attacker behind two proxies: \(chained.status)")
            let forwarded = try await client.send("GET", "/api/sessions/\(session.id)",
                                                  headers: ["Forwarded": #"for="198.51.100.66:4711";proto=https"#, "Authorization": "Bearer again"])
            #expect(forwarded.status == 429, "Forwarded: for= the attacker: \(forwarded.status)")
            let forwardedOther = try await client.send("GET", "/api/sessions/\(session.id)",
                                                       headers: ["Forwarded": #"for="[2001:db8::7]""#, "Authorization": "Bearer typo"])
            #expect(forwardedOther.status == 401, "Forwarded: for= another client (IPv6): \(forwardedOther.status)")
        }
    }

    @Test("X-Forwarded-For from an untrusted peer is ignored: an attacker cannot pick a fresh address per guess")
    func untrustedForwardingIsIgnored() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            var statuses: [Int] = []
            for attempt in 1...40 {
                let answer = try await client.send("GET", "/api/sessions/\(session.id)", headers: [
                    "X-Forwarded-For": "198.51.100.\(attempt)", "Forwarded": "for=203.0.113.\(attempt)",
                    "Authorization": "Bearer wrong-\(attempt)",
                ])
                statuses.append(answer.status)
            }
            #expect(statuses.prefix(30).allSatisfy { $0 == 401 } && statuses.dropFirst(30).allSatisfy { $0 == 429 },
                    "counted on the peer's address whatever the headers say: \(statuses)")
        }
    }

    @Test("a --trusted-proxy that is not an IP address stops the server with a message naming the option")
    func malformedTrustedProxy() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-proxy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerProcess.binary)
        process.arguments = ["serve", "--port", "0", "--data-dir", folder.path, "--trusted-proxy", "proxy.example.com"]
        process.environment = ProcessInfo.processInfo.environment.merging(["VIGIL_ADMIN_KEY": ServerProcess.adminKey]) { _, new in new }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(text.contains("trusted proxy 'proxy.example.com' is not an IP address"), "stderr: \(text)")
    }
}
