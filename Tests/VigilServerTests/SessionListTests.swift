import Foundation
import HummingbirdWSClient
import Logging
import Testing

/// `GET /api/sessions`: the operator's list (what the dashboard shows).
@Suite("Sessions list API over the real server")
struct SessionListTests {
    static func ids(_ answer: APIClient.Answer) -> [String] {
        (answer.json["sessions"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    /// Opens the session's signaling socket with a role's token and waits for its welcome, as a
    /// page does when it opens its join link.
    static func join(_ server: ServerProcess, session: String, token: String) async throws {
        let url = "ws://127.0.0.1:\(server.port)/api/sessions/\(session)/signal?token=\(token)"
        let welcomed = WelcomeFlag()
        _ = try await WebSocketClient.connect(url: url, logger: Logger(label: "test")) { inbound, outbound, _ in
            for try await message in inbound.messages(maxSize: 1 << 20) {
                if case .text(let text) = message, text.contains("\"welcome\"") {
                    welcomed.set()
                    break
                }
            }
            try await outbound.close(.normalClosure, reason: nil)
        }
        #expect(welcomed.value, "the signaling socket welcomed the page")
    }

    final class WelcomeFlag: @unchecked Sendable {
        private let lock = NSLock()
        private var seen = false
        func set() { lock.withLock { seen = true } }
        var value: Bool { lock.withLock { seen } }
    }

    @Test("the list needs the admin key: no token and a session's own token both get 401")
    func listNeedsAdminKey() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            let anonymous = try await client.send("GET", "/api/sessions")
            #expect(anonymous.status == 401)
            #expect(anonymous.errorCode == "token_missing")
            for token in [session.interviewer, session.proctor, session.candidate] {
                let answer = try await client.send("GET", "/api/sessions", token: token)
                #expect(answer.status == 401)
                #expect(answer.errorCode == "token_invalid")
            }
            let admin = try await client.send("GET", "/api/sessions", token: ServerProcess.adminKey)
            #expect(admin.status == 200)
            #expect(Self.ids(admin) == [session.id])
        }
    }

    @Test("each row carries every documented field; a new session is created, unscored, with no events")
    func rowShape() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client, candidate: "Ada Lovelace", interviewer: "Grace Hopper")
            let answer = try await client.send("GET", "/api/sessions", token: ServerProcess.adminKey)
            let row = try #require((answer.json["sessions"] as? [[String: Any]])?.first)
            #expect(Set(row.keys) == ["id", "candidate_name", "interviewer_name", "title", "status", "created_at", "ended_at", "score", "verdict", "events", "policy"])
            #expect(row["policy"] as? String == "standard", "a session created without a policy is judged by the standard one")
            #expect(row["id"] as? String == session.id)
            #expect(row["candidate_name"] as? String == "Ada Lovelace")
            #expect(row["interviewer_name"] as? String == "Grace Hopper")
            #expect(row["title"] as? String == "Backend engineer")
            #expect(row["status"] as? String == "created")
            #expect(row["ended_at"] is NSNull)
            #expect(row["score"] as? Double == 100)
            #expect(row["verdict"] as? String == "clear")
            #expect(row["events"] as? Int == 0)
            #expect(answer.json["next_before"] is NSNull)
        }
    }

    @Test("status goes created -> live when a page joins -> ended, with the score and events of the call")
    func statusFollowsTheCall() async throws {
        try await withServer { server, client in
            let session = try await TestSession.create(client)
            func row() async throws -> [String: Any] {
                let answer = try await client.send("GET", "/api/sessions", token: ServerProcess.adminKey)
                return try #require((answer.json["sessions"] as? [[String: Any]])?.first { $0["id"] as? String == session.id })
            }
            #expect(try await row()["status"] as? String == "created")
            try await Self.join(server, session: session.id, token: session.candidate)
            #expect(try await row()["status"] as? String == "live", "a page that joined makes the session live, also after it leaves")
            for kind in ["tab_hidden", "copy_paste"] {
                let posted = try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.candidate, json: ["kind": kind])
                #expect(posted.status == 201)
            }
            let ended = try await client.send("PUT", "/api/sessions/\(session.id)/end", token: session.interviewer)
            #expect(ended.status == 200)
            let last = try await row()
            #expect(last["status"] as? String == "ended")
            #expect(last["ended_at"] as? String != nil)
            #expect(last["events"] as? Int == 2)
            #expect(last["score"] as? Double == ended.json["score"] as? Double)
            #expect(last["score"] as? Double == 90)  // README table: tab_hidden 5, copy_paste 5
            #expect(last["verdict"] as? String == ended.json["verdict"] as? String)
        }
    }

    @Test("pages run newest first: limit and before walk every session once, next_before is null on the last page")
    func pagingWalksEverySessionOnce() async throws {
        try await withServer { _, client in
            var created: [String] = []
            for index in 0..<5 {
                created.append(try await TestSession.create(client, candidate: "Candidate \(index)").id)
            }
            var seen: [String] = []
            var before: String?
            var pages = 0
            repeat {
                let path = "/api/sessions?limit=2" + (before.map { "&before=\($0)" } ?? "")
                let answer = try await client.send("GET", path, token: ServerProcess.adminKey)
                #expect(answer.status == 200)
                let page = Self.ids(answer)
                #expect(page.count <= 2)
                seen += page
                before = answer.json["next_before"] as? String
                pages += 1
            } while before != nil && pages < 10
            #expect(pages == 3)
            #expect(seen == created.reversed(), "newest first, each session once")
        }
    }

    @Test("status= keeps only sessions at that stage")
    func filterByStatus() async throws {
        try await withServer { server, client in
            let fresh = try await TestSession.create(client, candidate: "Fresh")
            let joined = try await TestSession.create(client, candidate: "Joined")
            let finished = try await TestSession.create(client, candidate: "Finished")
            try await Self.join(server, session: joined.id, token: joined.interviewer)
            let ended = try await client.send("PUT", "/api/sessions/\(finished.id)/end", token: finished.interviewer)
            #expect(ended.status == 200)
            for (status, expected) in [("created", fresh.id), ("live", joined.id), ("ended", finished.id)] {
                let answer = try await client.send("GET", "/api/sessions?status=\(status)", token: ServerProcess.adminKey)
                #expect(answer.status == 200)
                #expect(Self.ids(answer) == [expected], "status=\(status)")
            }
        }
    }

    @Test("bad parameters are refused with a message naming the parameter: 400 when malformed, 422 when out of range or unknown")
    func badParameters() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            let cases: [(query: String, status: Int, code: String, mentions: String)] = [
                ("limit=ten", 400, "invalid_parameter", "limit"),
                ("limit=0", 422, "invalid_parameter", "limit"),
                ("limit=201", 422, "invalid_parameter", "limit"),
                ("status=running", 422, "invalid_parameter", "status"),
                ("before=", 400, "invalid_parameter", "before"),
                ("before=no-such-session", 422, "unknown_cursor", "before"),
            ]
            for item in cases {
                let answer = try await client.send("GET", "/api/sessions?\(item.query)", token: ServerProcess.adminKey)
                #expect(answer.status == item.status, "\(item.query)")
                #expect(answer.errorCode == item.code, "\(item.query)")
                #expect(answer.errorMessage?.contains(item.mentions) == true, "\(item.query): \(answer.errorMessage ?? "")")
            }
            // The deleted cursor case: a page boundary that disappears is told, not silently restarted.
            let deleted = try await client.send("DELETE", "/api/sessions/\(session.id)", token: ServerProcess.adminKey)
            #expect(deleted.status == 204)
            let stale = try await client.send("GET", "/api/sessions?before=\(session.id)", token: ServerProcess.adminKey)
            #expect(stale.status == 422)
            #expect(stale.errorCode == "unknown_cursor")
        }
    }
}
