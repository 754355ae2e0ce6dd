import Foundation
import VigilCore
import VigilVision

/// Loads several analyzers at once, one thread each: reading and compiling the models takes
/// about a second per analyzer, longer than analysing a minute of video at the budgeted rate,
/// so one after another it would dominate a short `vigil analyze` run.
public enum AnalyzerLoading {
    /// An analyzer moved once from the thread that loaded it to the caller.
    private final class Loaded: @unchecked Sendable {
        var result: Result<FrameAnalyzer, VisionError>?
    }

    private static let blankFrame = VideoFrame(width: 640, height: 480, bytesPerRow: 640 * 3,
                                               pixels: [UInt8](repeating: 0, count: 640 * 480 * 3), time: 0)

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
                do throws(VisionError) {
                    let analyzer = try FrameAnalyzer(configuration: configuration)
                    // One inference on a blank frame: OpenVINO starts its threads and allocates
                    // its buffers on the first inference, so the first call's first frame is not
                    // late and the server's thread count is steady before any call.
                    _ = try? analyzer.analyze(Self.blankFrame, objects: true)
                    slot.result = .success(analyzer)
                } catch { slot.result = .failure(error) }
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
