import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VigilLoad

extension RelayBrowserTests.ClusterTests {
    /// Issue 15, files: one PostgreSQL and three nodes; two calls recorded on node B (the load
    /// client's webrtcbin peers, no browser; a photo of two faces, so the detectors store a
    /// `multiple_faces` event with its snapshot). Through node A, which holds neither file: the
    /// snapshot (the same bytes and SHA-256 as through B), the whole recording (the SHA-256 of
    /// B's own file), a range (206, the right bytes) and an event's clip, each asked of B. The
    /// first session deleted through C: B's file is gone within a few seconds. B killed: A
    /// answers 503 naming B; the second session deleted through A while B is down: B's file is
    /// gone once B is back.
    @Test(.timeLimit(.minutes(4))) func filesStayOnTheirNodeAndEveryNodeServesAndDeletesThem() async throws {
        let database = try await PostgresTestServer.shared().newDatabase()
        let nodes = ["a", "b", "c"].map { id in
            VigilServerProcess(environment: ["VIGIL_NODE_ID": id, "VIGIL_ANALYSIS_WORKERS": "1",
                                             "VIGIL_NODE_TIMEOUT_SECONDS": "\(Self.nodeTimeout)"], database: database)
        }
        let (a, b, c) = (nodes[0], nodes[1], nodes[2])
        defer { for node in nodes { node.stop(); node.removeFiles() } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for node in nodes { group.addTask { try await node.start() } }
            try await group.waitForAll()
        }
        let logs = { nodes.map { "node \($0.environment["VIGIL_NODE_ID"]!) log:\n\($0.log)" }.joined(separator: "\n") }

        // Six sessions through A spread two per node; the two placed on B are recorded there.
        var onB: [InterviewLinks] = []
        for _ in 0..<6 {
            let created = try await a.request("POST", "/api/sessions", token: VigilServerProcess.adminKey,
                                              json: ["candidate_name": "Ada Lovelace", "interviewer_name": "Grace Hopper"])
            if created.json["node"] as? String == "b" {
                onB.append(InterviewLinks(id: created.json["id"] as? String ?? "", links: created.json["links"] as? [String: String] ?? [:]))
            }
        }
        try #require(onB.count == 2, "two of six sessions on B\n\(logs())")
        let (first, second) = (onB[0], onB[1])
        for session in onB {
            let recorded = try await Self.recordCall(session, on: b, seconds: session.id == first.id ? 8 : 4)
            try #require(recorded, "the call on B was not recorded\n\(logs())")
        }
        let fileOnB = { (session: InterviewLinks) in b.folder.appendingPathComponent("recordings/\(session.id).webm") }
        for node in [a, c] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: node.folder.appendingPathComponent("recordings").path)) ?? []
            #expect(names.filter { $0.hasSuffix(".webm") }.isEmpty, "no recording on a node that made none: \(names)")
        }

        // The report, read from A, names B as the file's node and the file's SHA-256.
        let report = try await a.request("GET", "/api/sessions/\(first.id)", token: first.token(.interviewer)).json
        let recording = try #require(report["recording"] as? [String: Any], "report: \(report)")
        #expect(recording["state"] as? String == "complete", "\(recording)")
        #expect(recording["node"] as? String == "b", "\(recording)")
        let ownersFile = try Data(contentsOf: fileOnB(first))
        let ownersDigest = try sha256(ownersFile, in: a.folder)
        #expect(recording["sha256"] as? String == ownersDigest)

        // The snapshot: in the shared store, the same bytes through A as through B.
        let events = report["events"] as? [[String: Any]] ?? []
        let withSnapshot = try #require(events.first { $0["snapshot"] is [String: Any] }, "no event with a snapshot: \(events.map { $0["kind"] ?? "?" })\n\(logs())")
        let snapshot = try #require((withSnapshot["snapshot"] as? [String: Any])?["id"] as? Int)
        let snapshotPath = "/api/sessions/\(first.id)/snapshots/\(snapshot)"
        let snapshotViaA = try await a.request("GET", snapshotPath, token: first.token(.interviewer))
        let snapshotViaB = try await b.request("GET", snapshotPath, token: first.token(.interviewer))
        #expect(snapshotViaA.status == 200 && snapshotViaA.body.starts(with: [0xFF, 0xD8]), "snapshot via A: \(snapshotViaA.status) \(snapshotViaA.text.prefix(200))")
        #expect(snapshotViaA.body == snapshotViaB.body)
        #expect(try sha256(snapshotViaA.body, in: a.folder) == (withSnapshot["snapshot"] as? [String: Any])?["sha256"] as? String)

        // The whole recording through A: B's file, byte for byte, asked of B.
        let path = "/api/sessions/\(first.id)/recording"
        let whole = try await a.rangeRequest(path, token: first.token(.interviewer), range: "bytes=0-")
        #expect(whole.status == 206, "whole via A: \(whole.status) \(String(decoding: whole.body.prefix(300), as: UTF8.self))")
        #expect(try sha256(whole.body, in: a.folder) == ownersDigest, "\(whole.body.count) bytes via A, \(ownersFile.count) on B")
        #expect(Self.header(whole, "X-Vigil-Proxied-By") == "b", "\(whole.headers)")
        let plain = try await a.request("GET", path, token: first.token(.proctor))
        #expect(plain.status == 200 && plain.body == ownersFile, "GET via A: \(plain.status), \(plain.body.count) bytes")
        // A range in the middle: 206, the owner's bytes, the owner's Content-Range.
        let (from, to) = (ownersFile.count / 3, ownersFile.count / 3 + 999)
        let range = try await a.rangeRequest(path, token: first.token(.interviewer), range: "bytes=\(from)-\(to)")
        #expect(range.status == 206)
        #expect(range.body == ownersFile.subdata(in: from..<(to + 1)))
        #expect(Self.header(range, "Content-Range") == "bytes \(from)-\(to)/\(ownersFile.count)", "\(range.headers)")
        #expect(Self.header(range, "Content-Type") == "video/webm")
        // Another session's token is refused (by A, before anything is asked of B).
        let refused = try await a.request("GET", path, token: second.token(.interviewer))
        #expect(refused.status == 401 || refused.status == 403, "another session's token: \(refused.status) \(refused.text)")

        // A request already forwarded by a node is never forwarded again: A answers from its own folder (none).
        var forwarded = URLRequest(url: URL(string: a.baseURL + path)!)
        forwarded.setValue("Bearer \(first.token(.interviewer))", forHTTPHeaderField: "Authorization")
        forwarded.setValue("c", forHTTPHeaderField: "X-Vigil-Proxied-By")
        let (notForwarded, answer) = try await URLSession.shared.data(for: forwarded)
        #expect((answer as? HTTPURLResponse)?.statusCode == 404, "\(String(decoding: notForwarded, as: UTF8.self))")

        // The event's clip, cut by B from its file and passed on by A.
        let eventID = try #require(withSnapshot["id"] as? Int)
        let clip = try await a.request("GET", "/api/sessions/\(first.id)/events/\(eventID)/clip", token: first.token(.interviewer))
        #expect(clip.status == 200 && clip.body.starts(with: [0x1A, 0x45, 0xDF, 0xA3]), "clip via A: \(clip.status) \(clip.text.prefix(200))")

        // Deleted through C: B deletes its file within a few seconds.
        let deleted = try await c.request("DELETE", "/api/sessions/\(first.id)", token: VigilServerProcess.adminKey)
        #expect(deleted.status == 204, "\(deleted.status) \(deleted.text)")
        let deletedAt = Date()
        let gone = try await Self.until(timeout: 10) { !FileManager.default.fileExists(atPath: fileOnB(first).path) }
        #expect(gone, "B still holds the deleted session's recording\n\(b.log)")
        print("CLUSTER-FILES \(ownersFile.count) bytes recorded on B, served through A; deleted through C, gone from B after \(String(format: "%.1f", Date().timeIntervalSince(deletedAt))) s")
        #expect(FileManager.default.fileExists(atPath: fileOnB(second).path), "the other session's file stays")

        // B down: A names B in a 503; a deletion through A while B is down reaches B's folder when B is back.
        b.killNow()
        let down = try await a.request("GET", "/api/sessions/\(second.id)/recording", token: second.token(.interviewer))
        #expect(down.status == 503, "owner down: \(down.status) \(down.text)")
        #expect(down.text.contains("file_node_unavailable") && down.text.contains("node b"), "\(down.text)")
        let deletedWhileDown = try await a.request("DELETE", "/api/sessions/\(second.id)", token: VigilServerProcess.adminKey)
        #expect(deletedWhileDown.status == 204)
        #expect(FileManager.default.fileExists(atPath: fileOnB(second).path), "nobody could delete it while B was down")
        try await b.start()
        let goneAfterRestart = try await Self.until(timeout: 10) { !FileManager.default.fileExists(atPath: fileOnB(second).path) }
        #expect(goneAfterRestart, "B kept a recording whose session was deleted while it was down\n\(b.log)")
    }

    /// A call on `node` with the load client for `seconds` after video flows, ended through
    /// `node` (its own relay closes the file); true once the store says the recording is complete.
    static func recordCall(_ session: InterviewLinks, on node: VigilServerProcess, seconds: Int) async throws -> Bool {
        let photo = VigilServerProcess.repository.appendingPathComponent("../shared/media/faces/several/couple_two_faces.jpg").standardizedFileURL.path
        let load = LoadSession(server: node.baseURL, session: session.id, candidateToken: session.token(.candidate),
                               interviewerToken: session.token(.interviewer), media: LoadMedia(photo: photo))
        load.start()
        let up = await load.waitUntilFlowing(timeout: .seconds(30))
        if up { try await Task.sleep(for: .seconds(seconds)) }
        await load.stop()
        let ended = try await node.request("PUT", "/api/sessions/\(session.id)/end", token: session.token(.interviewer))
        guard up, ended.status == 200 || ended.status == 204 else { return false }
        return try await until(timeout: 15) {
            let report = try await node.request("GET", "/api/sessions/\(session.id)", token: session.token(.interviewer)).json
            return (report["recording"] as? [String: Any])?["state"] as? String == "complete"
        }
    }

    static func until(timeout: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return false
    }

    static func header(_ answer: VigilServerProcess.RangeAnswer, _ name: String) -> String? {
        answer.headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
