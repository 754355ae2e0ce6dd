import Foundation
import Testing

@Suite("Session lifecycle over the real server")
struct SessionLifecycleTests {
    @Test("creating a session answers 201 with an id and a distinct join link per role")
    func createGivesThreeLinks() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            #expect(Set(session.links.keys) == ["candidate", "interviewer", "proctor"])
            let tokens = [session.candidate, session.interviewer, session.proctor]
            #expect(Set(tokens).count == 3)
            #expect(tokens.allSatisfy { $0.count >= 43 })
            for (role, link) in session.links {
                #expect(link.contains(session.id), "the \(role) link names the session")
            }
        }
    }

    @Test("posted page events are acknowledged with their stored id and appear in the report")
    func postedEventsAppearInReport() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            let posted = try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.candidate,
                                               json: ["kind": "tab_hidden", "details": "switched to another tab"])
            #expect(posted.status == 201)
            let id = try #require(posted.json["id"] as? Int)
            let report = try await client.send("GET", "/api/sessions/\(session.id)", token: session.interviewer)
            #expect(report.status == 200)
            let events = try #require(report.json["events"] as? [[String: Any]])
            #expect(events.count == 1)
            #expect(events.first?["id"] as? Int == id)
            #expect(events.first?["kind"] as? String == "tab_hidden")
            #expect(events.first?["source"] as? String == "page")
            #expect(events.first?["details"] as? String == "switched to another tab")
            #expect(report.json["status"] as? String == "live")
        }
    }

    @Test("the score is 100 minus the documented deductions for the events posted")
    func scoreMatchesDocumentedTable() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            // README table: tab_hidden 5 per event, copy_paste 5 per event, window_blur 2 per event,
            // phone 15 per event + 10 per minute. Instant events have no duration.
            for kind in ["tab_hidden", "tab_hidden", "copy_paste", "window_blur"] {
                let answer = try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.candidate, json: ["kind": kind])
                #expect(answer.status == 201)
            }
            let phone = try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.proctor,
                                              json: ["kind": "phone", "confidence": 0.8])
            #expect(phone.status == 201)
            #expect(phone.json["source"] as? String == "external")
            let ended = try await client.send("PUT", "/api/sessions/\(session.id)/end", token: session.interviewer)
            #expect(ended.status == 200)
            let deducted: Double = 10 + 5 + 2 + 15  // tab_hidden 2 × 5, copy_paste 5, window_blur 2, phone 15
            let expected = 100 - deducted
            #expect(ended.json["score"] as? Double == expected)
            #expect(ended.json["verdict"] as? String == "review")

            let report = try await client.send("GET", "/api/sessions/\(session.id)", token: session.proctor)
            #expect(report.json["score"] as? Double == expected)
            #expect(report.json["verdict"] as? String == "review")
            let counts = try #require(report.json["counts"] as? [String: Int])
            #expect(counts["tab_hidden"] == 2 && counts["copy_paste"] == 1 && counts["window_blur"] == 1 && counts["phone"] == 1)
            #expect(counts["no_face"] == 0)
            let deductions = try #require(report.json["deductions"] as? [[String: Any]])
            let points = Dictionary(uniqueKeysWithValues: deductions.map { ($0["kind"] as! String, $0["points"] as! Double) })
            #expect(points == ["tab_hidden": 10, "copy_paste": 5, "window_blur": 2, "phone": 15])
            #expect(report.json["status"] as? String == "ended")
        }
    }

    @Test("the report is CSV with ?format=csv or Accept: text/csv, one row per event")
    func reportAsCSV() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            for kind in ["copy_paste", "fullscreen_exit"] {
                _ = try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.candidate, json: ["kind": kind, "details": "a, \"quoted\" note"])
            }
            let byQuery = try await client.send("GET", "/api/sessions/\(session.id)?format=csv", token: session.interviewer)
            let byAccept = try await client.send("GET", "/api/sessions/\(session.id)", token: session.interviewer, headers: ["Accept": "text/csv"])
            for answer in [byQuery, byAccept] {
                #expect(answer.status == 200)
                #expect(answer.headers["content-type"]?.hasPrefix("text/csv") == true)
                let lines = answer.text.split(separator: "\r\n")
                #expect(lines.count == 3)
                #expect(lines.first?.hasPrefix("session_id,event_id,kind") == true)
                #expect(lines[1].contains(",copy_paste,page,"))
                #expect(lines[1].contains("\"a, \"\"quoted\"\" note\""))
            }
        }
    }

    @Test("ending closes the session: a second end and later events get 409")
    func endIsFinal() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            #expect(try await client.send("PUT", "/api/sessions/\(session.id)/end", token: session.proctor).status == 200)
            let again = try await client.send("PUT", "/api/sessions/\(session.id)/end", token: session.interviewer)
            #expect(again.status == 409)
            #expect(again.errorCode == "session_ended")
            let late = try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.candidate, json: ["kind": "tab_hidden"])
            #expect(late.status == 409)
            let report = try await client.send("GET", "/api/sessions/\(session.id)", token: session.interviewer)
            #expect((report.json["events"] as? [Any])?.isEmpty == true)
        }
    }
}
