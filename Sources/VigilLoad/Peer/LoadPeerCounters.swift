import Synchronization
import VigilGStreamer

/// What one load peer's GStreamer callbacks count, on webrtcbin's and streaming threads: every
/// field is atomic or locked so they only count, never wait; `counts` reads a snapshot.
final class LoadPeerCounters: Sendable {
    let role: String

    let videoFrames = Atomic<Int>(0)
    let audioPackets = Atomic<Int>(0)
    let width = Atomic<Int>(0)
    let height = Atomic<Int>(0)
    let faceBoxPixels = Atomic<Int>(0)
    let faceBoxPixelsMax = Atomic<Int>(0)
    let connectionState = Mutex(PeerConnectionState.new)
    private let problemList = Mutex<[String]>([])

    init(role: String) {
        self.role = role
    }

    func note(_ problem: String) {
        problemList.withLock { list in
            list.append(problem)
            if list.count > 20 { list.removeFirst() }
        }
    }

    var counts: LoadPeerCounts {
        LoadPeerCounts(
            videoFrames: videoFrames.load(ordering: .relaxed), audioPackets: audioPackets.load(ordering: .relaxed),
            width: width.load(ordering: .relaxed), height: height.load(ordering: .relaxed),
            faceBoxPixels: faceBoxPixels.load(ordering: .relaxed), faceBoxPixelsMax: faceBoxPixelsMax.load(ordering: .relaxed),
            connectionState: connectionState.withLock { $0.rawValue }, problems: problemList.withLock { $0 })
    }
}
