import Foundation
import Logging
import Synchronization
import Testing
import VigilCore
import VigilLifecycle
import VigilProctoring
import VigilStore
import VigilVision

/// The live detectors and the presence watch as `SessionLifecycle` subscribers, on a real SQLite
/// file and real frames: a deleted session loses its analysis thread and its watch, and nothing
/// more is published or stored for it.
@Suite("Proctoring services follow the session lifecycle")
struct ProctoringLifecycleTests {
    /// Collects what proctoring publishes, per session.
    final class Collected: ProctoringOutput {
        private let updates = Mutex<[(session: String, update: ProctoringUpdate)]>([])

        func publish(_ update: ProctoringUpdate, session: String) async {
            updates.withLock { $0.append((session, update)) }
        }

        func of(_ session: String) -> [ProctoringUpdate] { updates.withLock { $0.filter { $0.session == session }.map(\.update) } }
    }

    struct Fixture {
        let store: Store
        let lifecycle: SessionLifecycle
        let output = Collected()

        func open() async throws -> String {
            try await lifecycle.open(title: "live", candidateName: "Ada", interviewerName: "Grace").info.id
        }
    }

    func withFixture(_ body: (Fixture) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-proctoring-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store(path: folder.appendingPathComponent("live.sqlite").path)
        try await body(Fixture(store: store, lifecycle: SessionLifecycle(store: store, logger: Logger(label: "test"))))
    }

    /// Polls `condition` every 50 ms; true if it held within `seconds`.
    func eventually(within seconds: Double, _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    /// Names of this process's threads (Linux: /proc/self/task/*/comm).
    static func threadNames() -> [String] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.compactMap { try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8) }
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    @Test("deleting a session stops its analysis; a later frame is neither analysed nor published, and the shared workers stay")
    func deletionStopsLiveAnalysis() async throws {
        try await withFixture { fixture in
            let id = try await fixture.open()
            let proctoring = LiveProctoring(store: fixture.store, analyzer: AnalyzerConfiguration(modelsDirectory: LiveProctorTests.models),
                                            budget: AnalysisBudget(workers: 1), output: fixture.output, logger: Logger(label: "test"))
            await fixture.lifecycle.subscribe(proctoring)
            let face = try LiveProctorTests.frame("faces/frontal/grace_hopper_frontal.jpg")

            await proctoring.deliver(face.frame(time: 0), session: id)
            let analysed = await eventually(within: 20) {
                fixture.output.of(id).contains { if case .overlay = $0 { true } else { false } }
            }
            #expect(analysed, "the first frame was analysed and its overlay published")
            #expect(Self.threadNames().contains("analysis-1"), "the pool's worker runs: \(Self.threadNames())")
            #expect(await proctoring.analysisRate(session: id) != nil)

            #expect(try await fixture.lifecycle.delete(id))
            #expect(await proctoring.analysisRate(session: id) == nil)
            let published = fixture.output.of(id).count
            for step in 1...5 {
                await proctoring.deliver(face.frame(time: Double(step)), session: id)
                try await Task.sleep(for: .milliseconds(100))
            }
            try await Task.sleep(for: .milliseconds(300))
            #expect(fixture.output.of(id).count == published, "nothing is published for a deleted session")
            #expect(Self.threadNames().contains("analysis-1"), "the workers are the server's, not the session's: they stay")
        }
    }

    @Test("the candidate's silence is recorded until the next frame; in a deleted session it is neither recorded nor retried")
    func presenceFollowsTheSession() async throws {
        try await withFixture { fixture in
            let presence = CandidatePresence(store: fixture.store, output: fixture.output, logger: Logger(label: "test"), silence: 0.3)
            await fixture.lifecycle.subscribe(presence)
            await presence.start()

            let live = try await fixture.open()
            await presence.frameArrived(session: live)
            // Generous limits: the watch checks every 500 ms, and the machine may be busy with other suites.
            let away = await eventually(within: 15) {
                fixture.output.of(live).contains { if case .eventStarted(let event, _) = $0 { event.kind == .candidateDisconnected } else { false } }
            }
            try #require(away, "a disconnection is published once the video stopped for longer than the silence")
            await presence.frameArrived(session: live)
            let back = await eventually(within: 10) {
                fixture.output.of(live).contains { if case .eventEnded(let event) = $0 { event.kind == .candidateDisconnected } else { false } }
            }
            #expect(back, "the next frame ends it")
            let stored = try await fixture.store.events(session: live)
            // The candidate stays silent after that frame too, so a slow run may already hold the next gap.
            #expect(stored.first?.kind == .candidateDisconnected && stored.first?.end != nil, "the first gap is stored and closed: \(stored)")
            #expect(stored.allSatisfy { $0.kind == .candidateDisconnected }, "\(stored)")

            let deleted = try await fixture.open()
            await presence.frameArrived(session: deleted)
            #expect(try await fixture.lifecycle.delete(deleted))
            // Three checks of the watch (every 500 ms) with the candidate silent for far longer than 0.3 s.
            try await Task.sleep(for: .milliseconds(1600))
            #expect(fixture.output.of(deleted).isEmpty, "nothing recorded, no storage warning retried: \(fixture.output.of(deleted))")
        }
    }
}
