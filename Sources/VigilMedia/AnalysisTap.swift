import Synchronization

/// Where the candidate's decoded frames leave GStreamer: the analysis appsink's callback hands
/// each frame here and returns; the stream keeps only the newest frame, so a slow detector drops
/// frames instead of stalling the relay.
final class AnalysisTap: Sendable {
    let frames: AsyncStream<VideoFrame>
    private let continuation: AsyncStream<VideoFrame>.Continuation
    private let delivered = Atomic<Int>(0)

    init() {
        (frames, continuation) = AsyncStream.makeStream(of: VideoFrame.self, bufferingPolicy: .bufferingNewest(1))
    }

    func deliver(_ frame: VideoFrame) {
        delivered.add(1, ordering: .relaxed)
        continuation.yield(frame)
    }

    var deliveredCount: Int { delivered.load(ordering: .relaxed) }

    func finish() { continuation.finish() }
}
