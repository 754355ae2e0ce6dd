import Foundation
import Testing

@Suite("Each role's token opens only what that role may do, in its own session")
struct RoleTokenTests {
    @Test("a candidate token cannot read the report")
    func candidateCannotReadReport() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            let answer = try await client.send("GET", "/api/sessions/\(session.id)", token: session.candidate)
            #expect(answer.status == 403)
            #expect(answer.errorCode == "role_forbidden")
            #expect(answer.json["events"] == nil)
        }
    }

    @Test("a candidate token cannot end the session")
    func candidateCannotEnd() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            #expect(try await client.send("PUT", "/api/sessions/\(session.id)/end", token: session.candidate).status == 403)
            let report = try await client.send("GET", "/api/sessions/\(session.id)", token: session.interviewer)
            #expect(report.json["status"] as? String == "live")
        }
    }

    @Test("an interviewer token cannot post events; a candidate may post only page kinds")
    func eventRoles() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            #expect(try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.interviewer, json: ["kind": "tab_hidden"]).status == 403)
            #expect(try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.candidate, json: ["kind": "no_face"]).status == 403)
            #expect(try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.proctor, json: ["kind": "no_face"]).status == 201)
        }
    }

    @Test("no token of one session works on another session")
    func tokensStayInTheirSession() async throws {
        try await withServer { _, client in
            let first = try await TestSession.create(client)
            let second = try await TestSession.create(client, candidate: "Alan Turing")
            for token in [first.candidate, first.interviewer, first.proctor] {
                let read = try await client.send("GET", "/api/sessions/\(second.id)", token: token)
                #expect(read.status == 401)
                #expect(read.errorCode == "token_invalid")
                #expect(try await client.send("PUT", "/api/sessions/\(second.id)/end", token: token).status == 401)
                #expect(try await client.send("POST", "/api/sessions/\(second.id)/events", token: token, json: ["kind": "tab_hidden"]).status == 401)
            }
            let report = try await client.send("GET", "/api/sessions/\(second.id)", token: second.interviewer)
            #expect(report.json["status"] as? String == "live")
            #expect((report.json["events"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("requests without a token, or with a wrong admin key, get 401")
    func missingOrWrongToken() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            let noToken = try await client.send("GET", "/api/sessions/\(session.id)")
            #expect(noToken.status == 401)
            #expect(noToken.errorCode == "token_missing")
            let wrongAdmin = try await client.send("POST", "/api/sessions", token: "not-the-admin-key",
                                                   json: ["candidate_name": "A", "interviewer_name": "B"])
            #expect(wrongAdmin.status == 401)
            let candidateAsAdmin = try await client.send("POST", "/api/sessions", token: session.candidate,
                                                         json: ["candidate_name": "A", "interviewer_name": "B"])
            #expect(candidateAsAdmin.status == 401)
        }
    }

    @Test("a page's token also works from the link's ?token= query")
    func tokenInQuery() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            let answer = try await client.send("GET", "/api/sessions/\(session.id)?token=\(session.interviewer)")
            #expect(answer.status == 200)
        }
    }
}
