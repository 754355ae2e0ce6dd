import Foundation
import VigilVision

/// Loads several analyzers at once, one thread each: reading and compiling the models takes
/// about a second per analyzer, longer than analysing a minute of video at the budgeted rate,
/// so one after another it would dominate a short `vigil analyze` run.
public enum AnalyzerLoading {
    /// An analyzer moved once from the thread that loaded it to the caller.
    private final class Loaded: @unchecked Sendable {
        var result: Result<FrameAnalyzer, VisionError>?
    }

    /// `count` analyzers of `configuration`; the first failure (e.g. a missing model) is thrown.
    public static func load(_ configuration: AnalyzerConfiguration, count: Int) async throws(VisionError) -> [FrameAnalyzer] {
        let slots = (0..<max(1, count)).map { _ in Loaded() }
        let group = DispatchGroup()
        for slot in slots {
            group.enter()
            Thread {
                // Nice 10 like the workers: compiling the models (and the inference threads
                // OpenVINO starts from here, which inherit it) must not hold up the relay or a
                // starting server's requests when the cores are busy.
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
                do throws(VisionError) { slot.result = .success(try FrameAnalyzer(configuration: configuration)) } catch { slot.result = .failure(error) }
                group.leave()
            }.start()
        }
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            group.notify(queue: .global()) { done.resume() }
        }
        // The group's notify orders every thread's write before this read.
        var analyzers: [FrameAnalyzer] = []
        for slot in slots {
            switch slot.result {
            case .success(let analyzer): analyzers.append(analyzer)
            case .failure(let error): throw error
            case nil: preconditionFailure("a loading thread ended without a result")
            }
        }
        return analyzers
    }
}
