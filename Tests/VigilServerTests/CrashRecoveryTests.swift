import Foundation
import Testing
import VigilCore
import VigilStore

@Suite("Restart after a crash")
struct CrashRecoveryTests {
    @Test("events left open by a killed server close as interrupted at its last heartbeat; the session resumes")
    func openEventsBecomeInterrupted() async throws {
        let server = ServerProcess()
        defer {
            server.stop()
            server.removeFiles()
        }
        try FileManager.default.createDirectory(at: server.folder, withIntermediateDirectories: true)
        // The state a server leaves behind when killed mid-call: a live session, an open
        // detector event, and its last heartbeat.
        let crashedAt = Date().addingTimeInterval(-30)
        let (sessionID, eventID): (String, Int64) = try await {
            let store = try Store(path: server.databasePath)
            let session = try await store.createSession(title: nil, candidateName: "A", interviewerName: "B", at: crashedAt.addingTimeInterval(-60))
            let event = try await store.insertEvent(NewEvent(kind: .noFace, source: .detector, start: crashedAt.addingTimeInterval(-20), confidence: 0.9), session: session.info.id)
            try await store.heartbeat(at: crashedAt)
            return (session.info.id, event.id)
        }()

        try await server.start()
        let client = APIClient(base: server.baseURL)
        let report = try await client.send("GET", "/api/sessions/\(sessionID)", token: ServerProcess.adminKey)
        let event = try #require((report.json["events"] as? [[String: Any]])?.first { $0["id"] as? Int == Int(eventID) })
        #expect(event["interrupted"] as? Bool == true)
        let end = try #require((event["end"] as? String).flatMap(Timestamp.parse))
        #expect(abs(end.timeIntervalSince(crashedAt)) < 0.01)
        #expect(report.json["status"] as? String == "live")
        let resumed = try await client.send("POST", "/api/sessions/\(sessionID)/events", token: ServerProcess.adminKey, json: ["kind": "tab_hidden"])
        #expect(resumed.status == 201)
    }
}
