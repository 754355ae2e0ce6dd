import Foundation
import Testing

extension RelayBrowserTests {
    /// Must show (issue 4, lifecycle): `PUT /api/sessions/:id/end` tears every pipeline of the
    /// session down and frees its threads. Two sessions in a row, each with a candidate, an
    /// interviewer and a proctor in the call; pipelines (`GET …/relay` live_pipelines and
    /// `vigil_relay_pipelines` in /metrics) and the server's threads (`/proc/PID/task`) are counted
    /// before the first call, during each call and after each end.
    @Suite(.serialized) struct RelayTeardownTests {
        @Test(.timeLimit(.minutes(3))) func endingTheSessionFreesPipelinesAndThreads() async throws {
            try await withRelay { relay in
                let server = relay.server
                let idleThreads = server.threadCount
                var afterEnd: [Int] = []
                var ownedAfterEnd: [Int] = []
                for round in 1...2 {
                    let session = try await server.createSession()
                    let candidate = try await relay.join(.candidate, session, name: "candidate \(round)")
                    let interviewer = try await relay.join(.interviewer, session, name: "interviewer \(round)")
                    let proctor = try await relay.join(.proctor, session, name: "proctor \(round)")
                    let up = try await relay.waitFor("round \(round): all three receive video", timeout: 25) {
                        let (i, p, c) = (try await interviewer.stats(), try await proctor.stats(), try await candidate.stats())
                        return i.framesDecoded > 30 && p.framesDecoded > 30 && c.framesDecoded > 30
                    }
                    if !up { Issue.record("round \(round): the call did not come up\n\(await relay.diagnostics())") }
                    try #require(up)
                    let during = try await server.relayStatus(session)
                    let threadsDuring = server.threadCount
                    #expect(during["live_pipelines"] as? Int == 3, "round \(round): one pipeline per participant during the call: \(during)")
                    #expect(try await server.metric("vigil_relay_pipelines") == 3)

                    let ended = try await server.request("PUT", "/api/sessions/\(session.id)/end", token: session.token(.interviewer))
                    #expect(ended.status == 200, "end: \(ended.status) \(ended.text)")
                    let freed = try await relay.waitFor("round \(round): pipelines freed", timeout: 10) {
                        try await server.relayStatus(session)["live_pipelines"] as? Int == 0
                    }
                    let statusAfter = try await server.relayStatus(session)
                    #expect(freed, "round \(round): pipelines left after the end: \(statusAfter)")
                    #expect(try await server.metric("vigil_relay_pipelines") == 0)
                    for browser in [candidate, interviewer, proctor] {
                        let told = try await relay.waitFor("\(browser.name) told the session ended", timeout: 5) { try await browser.state() == "ended" }
                        let pageState = try await browser.state()
                        #expect(told, "\(browser.name) page state after the end: \(pageState)")
                    }
                    // GStreamer's and GLib's pooled threads wind down when idle; give them a moment.
                    var threadsAfter = server.threadCount
                    _ = try await relay.waitFor("round \(round): threads back", timeout: 20) {
                        threadsAfter = server.threadCount
                        return threadsAfter <= idleThreads + 4
                    }
                    afterEnd.append(threadsAfter)
                    ownedAfterEnd.append(server.threadsOutsideDispatchPool)
                    let pipelinesAfter = try await server.relayStatus(session)["live_pipelines"] as? Int ?? -1
                    print("RELAY-TEARDOWN round \(round): threads idle \(idleThreads), during the call \(threadsDuring), after the end \(threadsAfter); "
                          + "pipelines during \(during["live_pipelines"] as? Int ?? -1), after \(pipelinesAfter); threads left \(server.threadNames.sorted { $0.key < $1.key })")
                    relay.closeBrowsers()
                }
                // No leak: the threads of an ended call are gone, and a second call leaves no more behind than the first.
                if ProcessInfo.processInfo.environment["VIGIL_DEBUG_REFS"] != nil {
                    let full = (try? String(contentsOf: server.logFile, encoding: .utf8)) ?? ""
                    print(full.split(separator: "\n").filter { $0.contains("teardown ref") }.joined(separator: "\n"))
                }
                #expect(afterEnd.allSatisfy { $0 <= idleThreads + 4 }, "threads after each end \(afterEnd) vs idle \(idleThreads)")
                // The round-to-round comparison leaves libdispatch's worker pool out: it once ended the
                // second round with two more idle `qos.overcommit` workers than the first (5 → 7), all
                // else equal; the total above still bounds it.
                #expect(ownedAfterEnd[1] <= ownedAfterEnd[0] + 1,
                        "a second session must not leave more threads than the first (outside libdispatch's pool): \(ownedAfterEnd), all threads \(afterEnd)")
                // An ended session takes no more joins.
                #expect(try await server.request("GET", "/healthz").status == 200)
            }
        }
    }
}

extension VigilServerProcess {
    /// A gauge or counter without labels from /metrics.
    func metric(_ name: String) async throws -> Double? {
        let text = try await request("GET", "/metrics").text
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.split(separator: " ").last ?? "")
        }
        return nil
    }
}
