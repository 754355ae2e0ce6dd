import Foundation

/// A serial executor that runs its jobs on one thread of its own. The live analyzer's actor runs
/// here, so seconds of OpenCV work per second never occupy the cooperative pool (two threads on
/// a two-core machine) that serves HTTP and signaling, nor a GStreamer streaming thread.
///
/// After `stop()` the thread ends once its queue is empty. A job that still arrives later (an
/// analysis that was waiting for the store when its session ended or went) runs on a short-lived
/// thread instead, so the task it belongs to completes rather than hanging forever with its
/// detectors in memory; jobs never run two at a time.
final class DedicatedThreadExecutor: SerialExecutor, @unchecked Sendable {
    // @unchecked: `jobs`, `stopping` and `threadEnded` are only touched with `condition` held;
    // `running` is held while any job runs.
    private let condition = NSCondition()
    private let running = NSLock()
    private var jobs: [UnownedJob] = []
    private var stopping = false
    private var threadEnded = false
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
        if threadEnded {
            condition.unlock()
            Thread { [self] in run(job) }.start()
            return
        }
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
                threadEnded = true
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            run(job)
        }
    }

    private func run(_ job: UnownedJob) {
        running.lock()
        job.runSynchronously(on: asUnownedSerialExecutor())
        running.unlock()
    }
}
