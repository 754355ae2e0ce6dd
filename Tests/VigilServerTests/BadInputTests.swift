import Foundation
import Testing

/// Bad input gets a 4xx with a JSON error a person can act on, and nothing else changes.
@Suite("Bad input is refused with a clear error and changes nothing")
struct BadInputTests {
    /// Posts `body` as the candidate and checks the status, the error code, and that the session
    /// still holds exactly the one event recorded before.
    func expectRefused(_ body: Data, status: Int, code: String, token: (TestSession) -> String = \.candidate,
                       path: ((TestSession) -> String)? = nil) async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            #expect(try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.candidate, json: ["kind": "copy_paste"]).status == 201)
            let target = path?(session) ?? "/api/sessions/\(session.id)/events"
            let answer = try await client.send("POST", target, token: token(session), body: body)
            #expect(answer.status == status, "\(answer.text)")
            #expect(answer.errorCode == code)
            #expect((answer.errorMessage ?? "").count > 10, "the message explains the problem")
            let report = try await client.send("GET", "/api/sessions/\(session.id)", token: session.interviewer)
            #expect((report.json["events"] as? [Any])?.count == 1, "nothing was added")
        }
    }

    @Test("malformed JSON → 400 bad_json")
    func malformedJSON() async throws {
        try await expectRefused(Data(#"{"kind": "tab_hid"#.utf8), status: 400, code: "bad_json")
    }

    @Test("a field of the wrong type → 400 naming the field")
    func wrongType() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            let answer = try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.candidate, json: ["kind": 42])
            #expect(answer.status == 400)
            #expect(answer.errorMessage?.contains("kind") == true)
        }
    }

    @Test("an unknown event kind → 422 listing the kinds")
    func unknownKind() async throws {
        try await expectRefused(Data(#"{"kind": "mind_reading"}"#.utf8), status: 422, code: "unknown_kind")
    }

    @Test("a body over 64 KiB → 413")
    func bodyTooLarge() async throws {
        let huge = Data(#"{"kind": "copy_paste", "details": ""#.utf8) + Data(repeating: UInt8(ascii: "x"), count: 70 * 1024) + Data(#""}"#.utf8)
        try await expectRefused(huge, status: 413, code: "body_too_large")
    }

    @Test("a time before the session started → 422")
    func timeBeforeSession() async throws {
        try await expectRefused(Data(#"{"kind": "tab_hidden", "at": "2020-01-01T00:00:00Z"}"#.utf8), status: 422, code: "time_outside_session")
    }

    @Test("a time in the future → 422")
    func timeInFuture() async throws {
        let future = Date().addingTimeInterval(3600).formatted(.iso8601)
        try await expectRefused(Data(#"{"kind": "tab_hidden", "at": "\#(future)"}"#.utf8), status: 422, code: "time_outside_session")
    }

    @Test("a time that is not ISO 8601 → 400")
    func timeNotISO() async throws {
        try await expectRefused(Data(#"{"kind": "tab_hidden", "at": "yesterday"}"#.utf8), status: 400, code: "bad_time")
    }

    @Test("an end before the start → 422")
    func endBeforeStart() async throws {
        let now = Date()
        let body = #"{"kind": "tab_hidden", "at": "\#(now.formatted(.iso8601))", "end": "\#(now.addingTimeInterval(-60).formatted(.iso8601))"}"#
        try await expectRefused(Data(body.utf8), status: 422, code: "time_outside_session")
    }

    @Test("a confidence outside 0...1 → 422")
    func confidenceOutOfRange() async throws {
        try await expectRefused(Data(#"{"kind": "tab_hidden", "confidence": 7}"#.utf8), status: 422, code: "invalid_field")
    }

    @Test("another session's token → 401")
    func otherSessionsToken() async throws {
        try await withServer { _, client in
            let mine = try await TestSession.create(client)
            let other = try await TestSession.create(client)
            let answer = try await client.send("POST", "/api/sessions/\(mine.id)/events", token: other.candidate, json: ["kind": "tab_hidden"])
            #expect(answer.status == 401)
            let report = try await client.send("GET", "/api/sessions/\(mine.id)", token: ServerProcess.adminKey)
            #expect((report.json["events"] as? [Any])?.isEmpty == true, "nothing was added")
        }
    }

    @Test("an unknown session id → 404 session_not_found")
    func unknownSession() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            for (method, path) in [("GET", "/api/sessions/does-not-exist"), ("PUT", "/api/sessions/does-not-exist/end")] {
                let answer = try await client.send(method, path, token: session.interviewer)
                #expect(answer.status == 404)
                #expect(answer.errorCode == "session_not_found")
            }
            let post = try await client.send("POST", "/api/sessions/does-not-exist/events", token: session.candidate, json: ["kind": "tab_hidden"])
            #expect(post.status == 404)
        }
    }

    @Test("creating a session without a candidate name → 400; with an empty one → 422; nothing is created")
    func createValidation() async throws {
        try await withServer { _, client in
            let missing = try await client.send("POST", "/api/sessions", token: ServerProcess.adminKey, json: ["interviewer_name": "Grace"])
            #expect(missing.status == 400)
            #expect(missing.errorMessage?.contains("candidate") == true)
            let empty = try await client.send("POST", "/api/sessions", token: ServerProcess.adminKey, json: ["candidate_name": "  ", "interviewer_name": "Grace"])
            #expect(empty.status == 422)
            let metrics = try await client.send("GET", "/metrics")
            #expect(!metrics.text.contains("vigil_sessions_created_total 1"))
        }
    }

    @Test("an unknown report format → 400; an unknown route → 404 JSON")
    func unknownFormatAndRoute() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            let format = try await client.send("GET", "/api/sessions/\(session.id)?format=docx", token: session.interviewer)
            #expect(format.status == 400)
            #expect(format.errorCode == "unknown_format")
            let route = try await client.send("GET", "/api/nothing-here")
            #expect(route.status == 404)
            #expect(route.errorCode == "no_such_route")
        }
    }
}
