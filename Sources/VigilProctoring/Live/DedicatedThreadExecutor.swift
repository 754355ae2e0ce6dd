import Foundation

/// A serial executor that runs its jobs on one thread of its own. The live analyzer's actor runs
/// here, so seconds of OpenCV work per second never occupy the cooperative pool (two threads on
/// a two-core machine) that serves HTTP and signaling, nor a GStreamer streaming thread.
final class DedicatedThreadExecutor: SerialExecutor, @unchecked Sendable {
    // @unchecked: `jobs` and `stopping` are only touched with `condition` held.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopping = false
    let name: String

    /// `niceness` > 0 lowers the thread's scheduling priority (Linux nice values are per
    /// thread), so the work here yields to the relay's streaming threads when cores are busy.
    init(name: String, niceness: Int32 = 0) {
        self.name = name
        let thread = Thread { [self] in
            // Foundation names a thread only when the name is set on the thread itself; without
            // this the kernel shows the name of whichever thread started it (a Dispatch worker),
            // and CPU figures per thread are misread. Linux allows 15 characters.
            try? String(name.prefix(15)).write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
            // who = 0 is the calling thread: on Linux the nice value is per thread.
            if niceness > 0 { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness) }
            self.runLoop()
        }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: UnownedJob) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Ends the thread once the jobs already queued have run.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func runLoop() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty && stopping {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedSerialExecutor())
        }
    }
}
