import Foundation
import Testing

extension RelayBrowserTests {
    /// Must show (issue 17, one session lifecycle): a session that disappears while its call is
    /// live — `DELETE /api/sessions/:id`, or the retention purge — loses its call like an ended
    /// one. Within 3 s: `vigil_relay_pipelines` is back to its value before the call, the
    /// server's threads (`Threads:` in /proc/PID/status) are back within 8 of theirs before the
    /// call, the analysis thread is gone, and both pages show `ended`; afterwards the presence
    /// watch does not keep retrying to record the candidate's absence in a session that is gone.
    @Suite(.serialized) struct SessionRemovalTeardownTests {
        @Test(.timeLimit(.minutes(3))) func deletingALiveSessionTearsItsCallDown() async throws {
            try await withLiveCall { relay, session, before, pages in
                let deleted = try await relay.server.request("DELETE", "/api/sessions/\(session.id)", token: session.token(.interviewer))
                #expect(deleted.status == 204, "delete: \(deleted.status) \(deleted.text)")
                try await expectTornDown(relay, since: Date(), before: before, pages: pages, what: "after the delete")
            }
        }

        /// The purge is made to happen now, honestly: the server keeps sessions 1 day and looks
        /// every second (`VIGIL_RETENTION_CHECK_SECONDS`), and the live session's creation is set
        /// back 2 days in the SQLite file with the sqlite3 CLI (a live session counts from its
        /// creation), as if the call had been left running that long.
        @Test(.timeLimit(.minutes(3))) func theRetentionPurgeTearsALiveCallDown() async throws {
            try await withLiveCall(environment: ["VIGIL_RETENTION_DAYS": "1", "VIGIL_RETENTION_CHECK_SECONDS": "1"]) { relay, session, before, pages in
                let server = relay.server
                try backdate(session.id, bySeconds: 2 * 86_400, in: server.databasePath)
                let backdated = Date()
                let purged = try await relay.waitFor("the purge deletes the session", timeout: 3) {
                    try await server.request("GET", "/api/sessions/\(session.id)", token: VigilServerProcess.adminKey).status == 404
                }
                #expect(purged, "the session was still there 3 s after it passed the retention period\n\(server.log)")
                try #require(purged)
                print("SESSION-REMOVAL purge: session gone \(String(format: "%.1f", Date().timeIntervalSince(backdated))) s after backdating")
                try await expectTornDown(relay, since: Date(), before: before, pages: pages, what: "after the purge")
            }
        }

        /// What the server held before the call.
        struct Baseline {
            var pipelines: Double
            var threads: Int
            /// The server-wide analysis workers (`analysis-N`), there before any call.
            var analysisThreads: Set<String>
            init(_ server: VigilServerProcess) async {
                analysisThreads = Set(server.threadNames.keys.filter { $0.hasPrefix("analysis-") })
                // The gauge is first recorded when a relay changes; absent means no pipeline yet.
                pipelines = (try? await server.metric("vigil_relay_pipelines")).flatMap { $0 } ?? 0
                threads = server.statusThreads
            }
        }

        /// A server (with `environment`) and a live call of a candidate and an interviewer, the
        /// live detectors running; `body` gets the pages and what the server held before the call.
        private func withLiveCall(environment: [String: String] = [:],
                                  _ body: (RelayFixture, InterviewLinks, Baseline, [HeadlessChromium]) async throws -> Void) async throws {
            try await withRelay(environment: environment) { relay in
                let server = relay.server
                let before = await Baseline(server)
                let session = try await server.createSession()
                let call = try await relay.startCall(session)
                let (candidate, interviewer) = try #require(call)
                try await expectLive(relay)
                try await body(relay, session, before, [candidate, interviewer])
            }
        }

        private func expectLive(_ relay: RelayFixture) async throws {
            let server = relay.server
            #expect(try await server.metric("vigil_relay_pipelines") == 2, "one pipeline per participant during the call")
            let analysing = try await relay.waitFor("the live detectors run", timeout: 15) {
                server.threadNames.keys.contains { $0.hasPrefix("analysis-") }
            }
            #expect(analysing, "no analysis thread during the call: \(server.threadNames)")
        }

        private func expectTornDown(_ relay: RelayFixture, since removal: Date, before: Baseline, pages: [HeadlessChromium],
                                    what: String) async throws {
            let server = relay.server
            var pipelines: Double? = -1
            var threads = -1
            let freed = try await relay.waitFor("pipelines and threads freed \(what)", timeout: 3 - Date().timeIntervalSince(removal)) {
                pipelines = try await server.metric("vigil_relay_pipelines")
                threads = server.statusThreads
                return pipelines == before.pipelines && threads <= before.threads + 8
            }
            let seconds = Date().timeIntervalSince(removal)
            #expect(freed, "\(what): vigil_relay_pipelines \(pipelines.map { "\($0)" } ?? "absent") (before the call \(before.pipelines)), threads \(threads) (before the call \(before.threads)) \(String(format: "%.1f", seconds)) s on; threads \(server.threadNames)")
            // The analysis pool is the server's, not the session's: no analysis thread beyond it.
            #expect(Set(server.threadNames.keys.filter { $0.hasPrefix("analysis-") }).isSubset(of: before.analysisThreads),
                    "\(what): an analysis thread beyond the server's pool \(before.analysisThreads) still runs: \(server.threadNames)")
            for page in pages {
                let told = try await relay.waitFor("\(page.name) shows ended", timeout: max(0.1, 3 - Date().timeIntervalSince(removal))) {
                    try await page.state() == "ended"
                }
                let state = try await page.state()
                #expect(told, "\(what): the \(page.name) page shows '\(state)' 3 s on, not 'ended'")
            }
            print("SESSION-REMOVAL \(what): pipelines \(before.pipelines) before the call → \(pipelines.map { "\($0)" } ?? "absent"), threads \(before.threads) → \(threads), torn down within \(String(format: "%.2f", seconds)) s")
            // The presence watch would notice the candidate's silence after 2 s and try to
            // store it; for a session that is gone it must not be retrying.
            try await Task.sleep(for: .seconds(max(0, 3.5 - Date().timeIntervalSince(removal))))
            let log = (try? String(contentsOf: server.logFile, encoding: .utf8)) ?? ""
            #expect(!log.contains("could not store a disconnection"), "\(what): the presence watch kept retrying:\n\(server.log)")
            #expect(!log.contains("could not store a live event"), "\(what): the detectors kept writing:\n\(server.log)")
        }

        /// Moves a session's creation back in the SQLite file, with the sqlite3 CLI (the server
        /// holds the file open in WAL mode; the CLI takes part in WAL like any client).
        private func backdate(_ session: String, bySeconds seconds: Int, in database: String) throws {
            let sqlite = Process()
            sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            sqlite.arguments = ["sqlite3", "-cmd", ".timeout 5000", database,
                                "UPDATE session SET created_at = created_at - \(seconds) WHERE id = '\(session)';"]
            let errors = Pipe()
            sqlite.standardError = errors
            try sqlite.run()
            sqlite.waitUntilExit()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            guard sqlite.terminationStatus == 0 else { throw TestFailure("sqlite3 could not backdate the session: \(message)") }
        }
    }
}
