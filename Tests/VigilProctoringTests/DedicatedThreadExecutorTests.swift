import Foundation
import Synchronization
import Testing
@testable import VigilProctoring

/// The analysis thread's executor: work that was waiting elsewhere (for the store) when the
/// thread was stopped still completes, instead of hanging with its detectors in memory.
@Suite("Dedicated analysis thread")
struct DedicatedThreadExecutorTests {
    /// Something to wait on that the test opens.
    actor Gate {
        private var waiting: CheckedContinuation<Void, Never>?
        private var opened = false
        var isWaited: Bool { waiting != nil }

        func wait() async {
            guard !opened else { return }
            await withCheckedContinuation { waiting = $0 }
        }

        func open() {
            opened = true
            waiting?.resume()
            waiting = nil
        }
    }

    /// An actor on a dedicated thread, as `LiveProctor` is.
    actor Worker {
        let executor: DedicatedThreadExecutor
        nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
        private(set) var finishedWork = 0

        init(executor: DedicatedThreadExecutor) { self.executor = executor }

        /// Waits at the gate (off this actor), then comes back to it to finish.
        func work(after gate: Gate) async -> Int {
            await gate.wait()
            finishedWork += 1
            return finishedWork
        }

        func stop() { executor.stop() }
    }

    /// What the work returned, set from outside the worker (reading the worker would wait on
    /// its executor, which is what the test is about).
    final class Outcome: Sendable {
        let value = Mutex<Int?>(nil)
    }

    static func threadNames() -> [String] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.compactMap { try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8) }
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    @Test("work suspended when the thread stops completes once what it waited for arrives", .timeLimit(.minutes(1)))
    func suspendedWorkCompletesAfterStop() async throws {
        let name = "exec-\(UUID().uuidString.prefix(8))"
        let worker = Worker(executor: DedicatedThreadExecutor(name: name))
        let gate = Gate()
        let outcome = Outcome()
        Task {
            let finished = await worker.work(after: gate)
            outcome.value.withLock { $0 = finished }
        }
        while !(await gate.isWaited) { try await Task.sleep(for: .milliseconds(10)) }
        #expect(Self.threadNames().contains(name))

        await worker.stop()
        var waited = 0
        while Self.threadNames().contains(name), waited < 200 {
            try await Task.sleep(for: .milliseconds(10))
            waited += 1
        }
        #expect(!Self.threadNames().contains(name), "the thread ends once stopped with nothing queued")

        await gate.open()
        waited = 0
        while outcome.value.withLock({ $0 }) == nil, waited < 500 {
            try await Task.sleep(for: .milliseconds(10))
            waited += 1
        }
        #expect(outcome.value.withLock { $0 } == 1, "the suspended work came back to its actor and finished within 5 s")
    }
}
