import Foundation
import Testing
import VigilCore

/// Issue 11 item 4 at the API: every event carries `start`, `end` and `flagged_at`; an event
/// reported through the API is flagged at its start.
@Suite("Event spans through the API")
struct EventSpanAPITests {
    @Test("a page event without flagged_at is flagged at its start, in the answer, the JSON report and the CSV")
    func pageEventFlaggedAtStart() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            let posted = try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.candidate, json: ["kind": "tab_hidden"])
            #expect(posted.status == 201, "\(posted.text)")
            let start = try #require(posted.json["start"] as? String)
            #expect(posted.json["flagged_at"] as? String == start)
            #expect(posted.json["end"] as? String == start, "an instant")
            let report = try await client.send("GET", "/api/sessions/\(session.id)", token: session.interviewer)
            let event = try #require((report.json["events"] as? [[String: Any]])?.first)
            #expect(event["flagged_at"] as? String == start)
            let csv = try await client.send("GET", "/api/sessions/\(session.id)?format=csv", token: session.interviewer).text
            let lines = csv.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            let column = try #require(lines.first?.firstIndex(of: "flagged_at"))
            #expect(lines.dropFirst().first?[column] == start)
        }
    }

    @Test("a proctor's event with a span keeps start and end, is flagged at its start, and costs its span")
    func reportedSpan() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            try await Task.sleep(for: .seconds(1))
            let now = Date()
            let body: [String: Any] = ["kind": "phone", "at": Timestamp.format(now.addingTimeInterval(-0.9)), "end": Timestamp.format(now)]
            let posted = try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.proctor, json: body)
            #expect(posted.status == 201, "\(posted.text)")
            #expect(posted.json["start"] as? String == body["at"] as? String)
            #expect(posted.json["flagged_at"] as? String == body["at"] as? String)
            #expect(posted.json["end"] as? String == body["end"] as? String)
            let report = try await client.send("GET", "/api/sessions/\(session.id)", token: session.interviewer)
            #expect((report.json["durations"] as? [String: Any])?["phone"] as? Double == 0.9)
        }
    }
}
