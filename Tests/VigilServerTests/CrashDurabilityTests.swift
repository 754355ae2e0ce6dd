import Foundation
import Testing

@Suite("Acknowledged events survive kill -9")
struct CrashDurabilityTests {
    @Test("1,000 acknowledged events are all there after SIGKILL and a restart on the same file")
    func acknowledgedEventsSurviveSIGKILL() async throws {
        let server = ServerProcess()
        defer {
            server.stop()
            server.removeFiles()
        }
        try await server.start()
        let client = APIClient(base: server.baseURL)
        let session = try await TestSession.create(client)

        // 16 writers post until 1,000 events are acknowledged; the server is killed the moment the
        // thousandth acknowledgment arrives, with other posts still in flight.
        let acknowledged = AckLog()
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<16 {
                group.addTask {
                    var n = 0
                    while await acknowledged.count < 1000 {
                        n += 1
                        guard let answer = try? await client.send(
                            "POST", "/api/sessions/\(session.id)/events", token: session.candidate,
                            json: ["kind": "copy_paste", "details": "writer \(writer) #\(n)"]) else { return }
                        if answer.status == 201, let id = answer.json["id"] as? Int {
                            if await acknowledged.add(id) >= 1000 { server.kill9() }
                        }
                    }
                }
            }
        }
        let ids = await acknowledged.ids
        #expect(ids.count >= 1000)

        try await server.start()
        let restarted = APIClient(base: server.baseURL)
        let report = try await restarted.send("GET", "/api/sessions/\(session.id)", token: session.interviewer)
        #expect(report.status == 200)
        let stored = Set((report.json["events"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int })
        let lost = ids.subtracting(stored)
        #expect(lost.isEmpty, "\(lost.count) acknowledged events were lost")
        #expect(stored.count >= 1000)
    }
}

/// The ids the server acknowledged, shared by the writers.
actor AckLog {
    private(set) var ids: Set<Int> = []
    var count: Int { ids.count }

    func add(_ id: Int) -> Int {
        ids.insert(id)
        return ids.count
    }
}
