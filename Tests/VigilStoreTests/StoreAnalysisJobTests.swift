import Foundation
import Testing
import VigilCore
@testable import VigilStore

/// The recorded-video analysis queue (issue 15 item 5), on both engines: jobs are claimed oldest
/// first, one claimer each, progress and outcome are written only by the attempt holding the
/// job, and a dead node's running job goes back to the queue.
@Suite("Store: analysis jobs")
struct StoreAnalysisJobTests {
    @Test("a queued job is claimed once, reports progress and finishes done with its session and summary", arguments: StoreBackendUnderTest.allCases)
    func enqueueClaimProgressFinish(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let first = try await store.enqueueAnalysisJob(source: "/media/one.webm", at: at(1))
            var strict = PolicyPreset.strict.policy
            strict.thresholds.lookingAwaySeconds = 2
            let second = try await store.enqueueAnalysisJob(source: "/media/two.webm", policy: strict, at: at(2))
            #expect(first.policy == .standard && second.policy == strict)
            #expect(first.state == .queued && first.progress == 0 && first.node == nil)
            #expect(second.id > first.id)

            let claimed = try #require(try await store.claimAnalysisJob(node: "a", at: at(3)))
            #expect(claimed.id == first.id)
            #expect(claimed.state == .running && claimed.node == "a" && claimed.attempt == 1 && claimed.startedAt == at(3))
            let claimedSecond = try await store.claimAnalysisJob(node: "b", at: at(3))
            #expect(claimedSecond?.id == second.id && claimedSecond?.policy == strict)
            #expect(try await store.claimAnalysisJob(node: "b", at: at(3)) == nil)

            #expect(try await store.reportAnalysisProgress(job: first.id, attempt: 1, progress: 0.25))
            #expect(try await store.analysisJob(id: first.id)?.progress == 0.25)
            #expect(try await store.reportAnalysisProgress(job: first.id, attempt: 1, progress: 7) == true)
            #expect(try await store.analysisJob(id: first.id)?.progress == 1)

            let session = try await store.newSession()
            #expect(try await store.finishAnalysisJob(job: first.id, attempt: 1, .done(session: session.info.id, resultJSON: #"{"frames":10}"#), at: at(9)))
            let done = try #require(try await store.analysisJob(id: first.id))
            #expect(done.state == .done && done.progress == 1 && done.finishedAt == at(9))
            #expect(done.session == session.info.id && done.resultJSON == #"{"frames":10}"#)
            // Finished: no more progress or a second outcome.
            #expect(try await store.reportAnalysisProgress(job: first.id, attempt: 1, progress: 0.5) == false)
            #expect(try await store.finishAnalysisJob(job: first.id, attempt: 1, .failed(reason: "late", session: nil), at: at(10)) == false)

            #expect(try await store.finishAnalysisJob(job: second.id, attempt: 1, .failed(reason: "cannot decode", session: nil), at: at(11)))
            let failed = try #require(try await store.analysisJob(id: second.id))
            #expect(failed.state == .failed && failed.error == "cannot decode" && failed.session == nil)
            #expect(try await store.analysisJobs().map(\.id) == [second.id, first.id])
            #expect(try await store.analysisJob(id: 9999) == nil)
        }
    }

    @Test("claimers on two stores at once never get the same job, and every job is claimed", arguments: StoreBackendUnderTest.allCases)
    func concurrentClaimersNeverShareAJob(_ backend: StoreBackendUnderTest) async throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let location = switch backend {
        case .sqlite: folder.databasePath
        case .postgres: try await PostgresTestServer.shared().newDatabase()
        }
        let stores = [try await Store.open(location), try await Store.open(location)]
        var queued: Set<Int64> = []
        for number in 0..<40 { queued.insert(try await stores[0].enqueueAnalysisJob(source: "/media/\(number).webm", at: at(1)).id) }

        let claims = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for claimer in 0..<8 {
                group.addTask {
                    var mine: [Int64] = []
                    while let job = try await stores[claimer % 2].claimAnalysisJob(node: "node-\(claimer)", at: at(2)) { mine.append(job.id) }
                    return mine
                }
            }
            var all: [[Int64]] = []
            for try await mine in group { all.append(mine) }
            return all
        }
        let flat = claims.flatMap { $0 }
        #expect(flat.count == queued.count, "each job claimed exactly once: \(flat.count) claims of \(queued.count) jobs")
        #expect(Set(flat) == queued)
        #expect(claims.filter { !$0.isEmpty }.count > 1, "the claims were spread over several claimers: \(claims.map(\.count))")
        #expect(try await stores[1].analysisJobs().allSatisfy { $0.state == .running && $0.attempt == 1 })
    }

    @Test("a dead node's running job is re-queued by its fail-over and claimed again; the old attempt's writes are refused", arguments: StoreBackendUnderTest.allCases)
    func deadNodesJobIsQueuedAgain(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            try await store.nodeHeartbeat(StoreNodeTests.node("a", at: at(100)))
            try await store.nodeHeartbeat(StoreNodeTests.node("b", at: at(100)))
            let job = try await store.enqueueAnalysisJob(source: "/media/long.webm", at: at(100))
            let onB = try #require(try await store.claimAnalysisJob(node: "b", at: at(101)))
            #expect(try await store.reportAnalysisProgress(job: job.id, attempt: onB.attempt, progress: 0.4))
            // b goes silent; a keeps beating and fails b over.
            try await store.nodeHeartbeat(StoreNodeTests.node("a", at: at(112)))
            let failovers = try await store.failOverNodes(silentSince: at(106), now: at(112))
            #expect(failovers.map(\.node) == ["b"])
            #expect(failovers.first?.requeuedJobs == [job.id])
            let requeued = try #require(try await store.analysisJob(id: job.id))
            #expect(requeued.state == .queued && requeued.progress == 0)

            let onA = try #require(try await store.claimAnalysisJob(node: "a", at: at(113)))
            #expect(onA.id == job.id && onA.node == "a" && onA.attempt == onB.attempt + 1)
            // b was not dead after all: its progress and outcome no longer count.
            #expect(try await store.reportAnalysisProgress(job: job.id, attempt: onB.attempt, progress: 0.9) == false)
            #expect(try await store.finishAnalysisJob(job: job.id, attempt: onB.attempt, .failed(reason: "b's run", session: nil), at: at(114)) == false)
            #expect(try await store.analysisJob(id: job.id)?.state == .running)
            #expect(try await store.analysisJob(id: job.id)?.node == "a")
        }
    }

    @Test("a node's restart re-queues its own running job, not another node's; a single server re-queues every running job", arguments: StoreBackendUnderTest.allCases)
    func restartQueuesItsOwnJobsAgain(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            try await store.nodeHeartbeat(StoreNodeTests.node("a", at: at(100)))
            try await store.nodeHeartbeat(StoreNodeTests.node("b", at: at(100)))
            let forA = try await store.enqueueAnalysisJob(source: "/media/a.webm", at: at(100))
            let forB = try await store.enqueueAnalysisJob(source: "/media/b.webm", at: at(100))
            _ = try await store.claimAnalysisJob(node: "a", at: at(101))
            _ = try await store.claimAnalysisJob(node: "b", at: at(101))

            let recovered = try #require(try await store.failOverNode("a", now: at(130)))
            #expect(recovered.requeuedJobs == [forA.id])
            #expect(try await store.analysisJob(id: forA.id)?.state == .queued)
            #expect(try await store.analysisJob(id: forB.id)?.state == .running)

            #expect(try await store.requeueRunningAnalysisJobs() == [forB.id])
            #expect(try await store.analysisJob(id: forB.id)?.state == .queued)
        }
    }
}
