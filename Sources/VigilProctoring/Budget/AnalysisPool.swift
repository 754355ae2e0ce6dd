import Foundation
import VigilCore
import VigilVision

/// The server-wide analysis workers: a fixed number of threads (one per core by default), each
/// at nice 10 with a `FrameAnalyzer` of its own (an analyzer is not thread-safe), shared by every
/// live session. Each session has a slot holding only its newest frame: the relay overwrites it
/// without waiting and never pays for analysis. A free worker takes, among the sessions whose
/// next frame is due by their `AnalysisSchedule`, the one served least recently — so when the
/// machine is full every session slows alike and none starves. A session's frames are analysed
/// one at a time and delivered in order.
final class AnalysisPool: @unchecked Sendable {
    // @unchecked: every slot and `stopping` are only touched with `condition` held; each
    // analyzer is used by the one thread it was handed to.
    typealias Delivery = @Sendable (AnalysedFrame) -> Void

    private final class Slot {
        let deliver: Delivery
        var schedule: AnalysisSchedule
        var newest: (frame: VideoFrame, arrival: Date)?
        var busy = false
        /// Order of the last service (0: never served), for least-recently-served picking.
        var lastServed: UInt64 = 0

        init(deliver: @escaping Delivery, schedule: AnalysisSchedule) {
            self.deliver = deliver
            self.schedule = schedule
        }
    }

    /// An analyzer moved once to the worker thread that alone uses it.
    private final class HandedOver: @unchecked Sendable {
        let analyzer: FrameAnalyzer
        init(_ analyzer: FrameAnalyzer) { self.analyzer = analyzer }
    }

    private let condition = NSCondition()
    private var slots: [String: Slot] = [:]
    private var services: UInt64 = 0
    private var stopping = false
    let budget: AnalysisBudget
    /// Whether the workers' analyzers hold dlib's network (only when the identity check is on).
    let identityCheckLoaded: Bool

    /// Starts one worker per analyzer.
    private init(analyzers: [FrameAnalyzer], budget: AnalysisBudget) {
        self.budget = budget
        identityCheckLoaded = analyzers.contains { $0.identityCheckLoaded }
        for (index, analyzer) in analyzers.enumerated() {
            let handedOver = HandedOver(analyzer)
            let name = "analysis-\(index + 1)"
            let thread = Thread { [self] in
                // Named on the thread itself (Foundation does not on Linux) so CPU per thread
                // reads right; nice 10 so the relay's streaming threads win when cores are busy.
                try? name.write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
                self.work(with: handedOver.analyzer)
            }
            thread.name = name
            thread.start()
        }
    }

    /// Loads the analyzers, one thread each (model loading takes a moment and must not hold a
    /// thread of the cooperative pool that serves HTTP and signaling), then starts the workers.
    static func loading(analyzer configuration: AnalyzerConfiguration, budget: AnalysisBudget) async throws -> AnalysisPool {
        AnalysisPool(analyzers: try await AnalyzerLoading.load(configuration, count: budget.workers), budget: budget)
    }

    /// Starts taking frames for `session`; each analysed frame goes to `deliver`, in order.
    func open(session: String, deliver: @escaping Delivery) {
        condition.lock()
        slots[session] = Slot(deliver: deliver, schedule: AnalysisSchedule(budget))
        condition.unlock()
    }

    /// The session's newest frame; replaces one not yet taken. Never waits for analysis.
    func submit(_ frame: VideoFrame, arrival: Date, session: String) {
        condition.lock()
        if let slot = slots[session] {
            slot.newest = (frame, arrival)
            condition.signal()
        }
        condition.unlock()
    }

    /// Stops taking the session's frames (a frame being analysed is still delivered).
    func close(session: String) {
        condition.lock()
        slots[session] = nil
        condition.unlock()
    }

    /// Ends the workers once they finish the frame in hand.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    private func work(with analyzer: FrameAnalyzer) {
        while let job = nextJob() {
            let (slot, frame, arrival, objects, identity) = job
            let observation: Result<Observation, VisionError>
            do {
                observation = .success(try analyzer.analyze(frame, objects: objects, identity: identity))
            } catch {
                observation = .failure(error)
            }
            // Delivered before the slot is free, so the session's next frame cannot overtake it.
            slot.deliver(AnalysedFrame(frame: frame, arrival: arrival, observation: observation))
            condition.lock()
            slot.busy = false
            condition.signal()
            condition.unlock()
        }
    }

    /// Waits for a due frame; nil once stopping.
    private func nextJob() -> (Slot, VideoFrame, Date, Bool, Bool)? {
        condition.lock()
        defer { condition.unlock() }
        while !stopping {
            let now = ProcessInfo.processInfo.systemUptime
            let waiting = slots.values.filter { !$0.busy && $0.newest != nil }
            if let slot = waiting.filter({ $0.schedule.isDue(now) }).min(by: { $0.lastServed < $1.lastServed }),
               let newest = slot.newest {
                slot.newest = nil
                slot.busy = true
                services += 1
                slot.lastServed = services
                let objects = slot.schedule.take(at: now)
                let identity = slot.schedule.takeIdentity(at: now)
                return (slot, newest.frame, newest.arrival, objects, identity)
            }
            if let soonest = waiting.compactMap(\.schedule.dueTime).min() {
                _ = condition.wait(until: Date().addingTimeInterval(max(0.001, soonest - now)))
            } else {
                condition.wait()
            }
        }
        return nil
    }
}
