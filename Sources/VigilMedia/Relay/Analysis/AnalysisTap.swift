import Synchronization
import VigilGStreamer

/// Where the candidate's decoded frames leave GStreamer: the analysis appsink's callback hands
/// each frame here and returns; the stream keeps only the newest frame, so a slow detector drops
/// frames instead of stalling the relay.
final class AnalysisTap: Sendable {
    let frames: AsyncStream<VideoFrame>
    private let continuation: AsyncStream<VideoFrame>.Continuation
    private let delivered = Atomic<Int>(0)
    /// Monotonic time (ns) of the last frame, 0 before the first.
    private let lastFrameAt = Atomic<Int>(0)

    init() {
        (frames, continuation) = AsyncStream.makeStream(of: VideoFrame.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Makes `sink` (the branch's `analysis_sink`, BGR at the analysis size) copy each frame into
    /// Swift memory on its streaming thread and deliver it here.
    func install(on sink: AppSink) {
        sink.onNewSample { [self] sample in
            guard let image = sample.packedImage(bytesPerPixel: 3) else { return }
            deliver(VideoFrame(width: image.width, height: image.height, bytesPerRow: image.bytesPerRow,
                               pixels: image.pixels, time: image.presentationTime ?? 0))
        }
    }

    func deliver(_ frame: VideoFrame) {
        delivered.add(1, ordering: .relaxed)
        lastFrameAt.store(RelayStages.now(), ordering: .relaxed)
        continuation.yield(frame)
    }

    var deliveredCount: Int { delivered.load(ordering: .relaxed) }

    /// Whether the candidate's video arrived within the last `seconds`.
    func isFlowing(within seconds: Double) -> Bool {
        let last = lastFrameAt.load(ordering: .relaxed)
        return last > 0 && Double(RelayStages.now() - last) / 1e9 <= seconds
    }

    func finish() { continuation.finish() }
}
