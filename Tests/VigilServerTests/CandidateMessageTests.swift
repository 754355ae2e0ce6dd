import Foundation
import Testing

/// `POST/GET /api/sessions/:id/messages`: a proctor's short message to the candidate, kept with
/// the session (its delivery to the candidate's page is in ConsoleBrowserTests).
@Suite("Messages to the candidate over the real server")
struct CandidateMessageTests {
    @Test("a proctor's, interviewer's or admin's message is stored with who sent it, oldest first")
    func messagesAreKept() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            for (token, text) in [(session.proctor, "Please look at the camera."), (session.interviewer, "Two minutes left."), (ServerProcess.adminKey, "Thank you.")] {
                let sent = try await client.send("POST", "/api/sessions/\(session.id)/messages", token: token, json: ["text": text])
                #expect(sent.status == 201)
                #expect(sent.json["text"] as? String == text)
            }
            let listed = try await client.send("GET", "/api/sessions/\(session.id)/messages", token: session.interviewer)
            let messages = listed.json["messages"] as? [[String: Any]] ?? []
            #expect(messages.compactMap { $0["sender"] as? String } == ["proctor", "interviewer", "admin"])
            #expect(messages.compactMap { $0["text"] as? String } == ["Please look at the camera.", "Two minutes left.", "Thank you."])
        }
    }

    @Test("the candidate cannot send or read them; bad text is 422; after the end 409; a deleted session takes them along")
    func refusals() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            let path = "/api/sessions/\(session.id)/messages"
            #expect(try await client.send("POST", path, token: session.candidate, json: ["text": "hi"]).status == 403)
            #expect(try await client.send("GET", path, token: session.candidate).status == 403)
            #expect(try await client.send("POST", path, json: ["text": "hi"]).status == 401)
            for bad in ["   ", String(repeating: "x", count: 501), "bell \u{07}"] {
                let answer = try await client.send("POST", path, token: session.proctor, json: ["text": bad])
                #expect(answer.status == 422, "\(bad.prefix(10))")
                #expect(answer.errorCode == "invalid_field")
            }
            #expect(try await client.send("POST", path, token: session.proctor, json: ["words": "hi"]).status == 400)
            #expect(try await client.send("PUT", "/api/sessions/\(session.id)/end", token: session.interviewer).status == 200)
            let late = try await client.send("POST", path, token: session.proctor, json: ["text": "too late"])
            #expect(late.status == 409)
            #expect((try await client.send("GET", path, token: session.proctor).json["messages"] as? [Any])?.isEmpty == true)
            #expect(try await client.send("DELETE", "/api/sessions/\(session.id)", token: ServerProcess.adminKey).status == 204)
            #expect(try await client.send("GET", path, token: ServerProcess.adminKey).status == 404)
        }
    }
}
