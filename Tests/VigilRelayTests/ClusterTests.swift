import Foundation
import Testing

extension RelayBrowserTests {
    /// Issue 15, must show 2: one PostgreSQL (started by the test) and three `vigil serve` nodes on
    /// loopback ports. Sessions created through node A spread over all three; a browser call on a
    /// session placed on node B runs through B's links; a page that signals to the wrong node is
    /// redirected to B; the report is read from A; B killed with SIGKILL → within 10 s its live
    /// session is marked interrupted with every acknowledged event still there, and the
    /// candidate's page rejoins on a live node, which takes the session over. About a minute.
    @Suite(.serialized) struct ClusterTests {
        static let nodeTimeout = 6.0

        @Test(.timeLimit(.minutes(4))) func threeNodesShareOnePostgres() async throws {
            let database = try await PostgresTestServer.shared().newDatabase()
            let nodes = ["a", "b", "c"].map { id in
                VigilServerProcess(environment: ["VIGIL_NODE_ID": id, "VIGIL_ANALYSIS_WORKERS": "1",
                                                 "VIGIL_NODE_TIMEOUT_SECONDS": "\(Self.nodeTimeout)"], database: database)
            }
            let (a, b, c) = (nodes[0], nodes[1], nodes[2])
            let browsers = RelayFixture(server: b)
            defer {
                browsers.closeBrowsers()
                for node in nodes { node.stop(); node.removeFiles() }
            }
            // Started together (each registers before it says it listens).
            try await withThrowingTaskGroup(of: Void.self) { group in
                for node in nodes { group.addTask { try await node.start() } }
                try await group.waitForAll()
            }
            let logs = { nodes.map { "node \($0.environment["VIGIL_NODE_ID"]!) log:\n\($0.log)" }.joined(separator: "\n") }

            // 1. Sessions created through A are spread over the three nodes, their links naming each node's URL.
            let registered = try await a.request("GET", "/api/nodes", token: VigilServerProcess.adminKey).json["nodes"] as? [[String: Any]] ?? []
            #expect(Set(registered.compactMap { $0["id"] as? String }) == ["a", "b", "c"])
            #expect(registered.allSatisfy { $0["alive"] as? Bool == true })
            var placed: [String: [InterviewLinks]] = [:]
            for _ in 0..<6 {
                let created = try await a.request("POST", "/api/sessions", token: VigilServerProcess.adminKey,
                                                  json: ["candidate_name": "Ada Lovelace", "interviewer_name": "Grace Hopper"])
                let node = try #require(created.json["node"] as? String, "no node in \(created.text)")
                let links = InterviewLinks(id: created.json["id"] as? String ?? "", links: created.json["links"] as? [String: String] ?? [:])
                let owner = try #require(nodes.first { $0.environment["VIGIL_NODE_ID"] == node })
                #expect(links.link(.candidate).hasPrefix(owner.baseURL + "/join/candidate?"), "\(links.link(.candidate)) is not on \(owner.baseURL)")
                placed[node, default: []].append(links)
            }
            #expect(placed.mapValues(\.count) == ["a": 2, "b": 2, "c": 2])
            let session = try #require(placed["b"]?.first)

            // 2. A call through B's links.
            guard let (candidate, interviewer) = try await browsers.startCall(session) else {
                Issue.record("\(logs())")
                return
            }
            #expect(try await candidate.evaluate("window.vigil.signalingNode") as? String == b.baseURL)

            // 3. A proctor page opened on A for B's session is redirected to B and joins there.
            let proctorOnA = HeadlessChromium(name: "proctor via A")
            defer { proctorOnA.close() }
            try await proctorOnA.open(a.baseURL + "/join/proctor?" + (URLComponents(string: session.link(.proctor))?.query ?? ""), camera: nil)
            let redirected = try await browsers.waitFor("the proctor page signals to B", timeout: 20) {
                let node = try await proctorOnA.evaluate("window.vigil.signalingNode") as? String
                let state = try await proctorOnA.state()
                return node == b.baseURL && state == "connected"
            }
            let proctorLog = await proctorOnA.pageLog()
            #expect(redirected, "proctor page log:\n\(proctorLog)")
            #expect(proctorLog.contains("redirected to node b"), "\(proctorLog)")
            proctorOnA.close()

            // 4. The report, read from A; events acknowledged (posted to B and to A) before the kill.
            let report = try await a.request("GET", "/api/sessions/\(session.id)", token: session.token(.interviewer))
            #expect(report.status == 200)
            #expect(report.json["status"] as? String == "live")
            var acknowledged: Set<Int> = []
            for index in 0..<20 {
                let node = index.isMultiple(of: 2) ? b : a
                let posted = try await node.request("POST", "/api/sessions/\(session.id)/events", token: VigilServerProcess.adminKey,
                                                    json: ["kind": "tab_hidden", "details": "acknowledged \(index)"])
                #expect(posted.status == 201, "\(posted.text)")
                if posted.status == 201, let id = posted.json["id"] as? Int { acknowledged.insert(id) }
            }
            let connectionsBefore = try await candidate.evaluate("window.vigil.peerConnections") as? Int ?? 0

            // 5. B dies. Within 10 s a live node marks the session interrupted at B's last heartbeat.
            let killedAt = Date()
            b.killNow()
            var interruptedAt: Date?
            let marked = try await browsers.waitFor("B's session is marked interrupted", timeout: 10) {
                let answer = try await a.request("GET", "/api/sessions/\(session.id)/node", token: session.token(.interviewer))
                interruptedAt = (answer.json["interrupted_at"] as? String).flatMap(Self.date)
                return interruptedAt != nil
            }
            #expect(marked, "not marked interrupted within 10 s of the kill\n\(logs())")
            print("CLUSTER B killed at \(killedAt), marked interrupted after \(String(format: "%.1f", Date().timeIntervalSince(killedAt))) s, at B's last heartbeat \(interruptedAt.map { "\($0)" } ?? "-")")
            if let interruptedAt {
                #expect(interruptedAt <= killedAt && interruptedAt > killedAt.addingTimeInterval(-3), "the last heartbeat is just before the kill")
            }
            let after = try await a.request("GET", "/api/sessions/\(session.id)", token: session.token(.interviewer))
            let events = after.json["events"] as? [[String: Any]] ?? []
            let stored = Set(events.compactMap { $0["id"] as? Int })
            #expect(acknowledged.count == 20)
            #expect(acknowledged.isSubset(of: stored), "lost: \(acknowledged.subtracting(stored).sorted())")

            // 6. The candidate's page rejoins on a live node, which now runs the session.
            let rejoined = try await browsers.waitFor("the candidate rejoins on A or C", timeout: 30) {
                let node = try await candidate.evaluate("window.vigil.signalingNode") as? String
                let connections = try await candidate.evaluate("window.vigil.peerConnections") as? Int ?? 0
                let state = try await candidate.state()
                return [a.baseURL, c.baseURL].contains(node ?? "") && connections > connectionsBefore && state == "connected"
            }
            if !rejoined { Issue.record("candidate page log:\n\(await candidate.pageLog())\n\(logs())") }
            let owner = try await a.request("GET", "/api/sessions/\(session.id)/node", token: session.token(.interviewer)).json
            let signaling = try await candidate.evaluate("window.vigil.signalingNode") as? String
            #expect(owner["alive"] as? Bool == true)
            #expect(["a", "c"].contains(owner["node"] as? String ?? ""), "\(owner)")
            #expect(owner["url"] as? String == signaling, "the page signals to the session's new node")
            let flowing = try await browsers.secondsUntilFrames(candidate, frames: 30, timeout: 20)
            #expect(flowing != nil, "the candidate receives video again through the new node")
            print("CLUSTER rejoined on \(owner["node"] as? String ?? "?") \(String(format: "%.1f", Date().timeIntervalSince(killedAt))) s after the kill")
            _ = interviewer
        }

        static func date(_ text: String) -> Date? {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
        }
    }
}
