import CGStreamer
import Synchronization

/// The state one load peer's GStreamer callbacks share. Callbacks reach it through `Unmanaged`
/// user data on webrtcbin's and streaming threads; every field is atomic or locked so they only
/// count and forward, never wait.
final class LoadPeerContext: Sendable {
    let role: String
    let pipeline: GstHandle
    let decodeVideo: Bool
    /// Trickles a local ICE candidate (m-line index, candidate line) to the server.
    let sendCandidate: @Sendable (Int, String) -> Void

    let videoFrames = Atomic<Int>(0)
    let audioPackets = Atomic<Int>(0)
    let width = Atomic<Int>(0)
    let height = Atomic<Int>(0)
    let faceBoxPixels = Atomic<Int>(0)
    let faceBoxPixelsMax = Atomic<Int>(0)
    let connectionState = Atomic<Int32>(0)
    private let problemList = Mutex<[String]>([])

    init(role: String, pipeline: GstHandle, decodeVideo: Bool, sendCandidate: @escaping @Sendable (Int, String) -> Void) {
        self.role = role
        self.pipeline = pipeline
        self.decodeVideo = decodeVideo
        self.sendCandidate = sendCandidate
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
            connectionState: Self.stateName(connectionState.load(ordering: .relaxed)), problems: problemList.withLock { $0 })
    }

    /// GstWebRTCPeerConnectionState as browsers name it.
    static func stateName(_ value: Int32) -> String {
        ["new", "connecting", "connected", "disconnected", "failed", "closed"].indices.contains(Int(value))
            ? ["new", "connecting", "connected", "disconnected", "failed", "closed"][Int(value)] : "unknown"
    }
}
