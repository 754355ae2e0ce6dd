/// What one load peer has received so far (totals since it started; take differences over a
/// window for rates).
public struct LoadPeerCounts: Sendable, Equatable {
    /// Video frames: decoded frames for a decoding peer, VP8 frames (depayloaded) otherwise.
    public var videoFrames: Int
    public var audioPackets: Int
    public var width: Int
    public var height: Int
    /// Pixels of the server's green face-box colour in the newest checked decoded frame (every
    /// 10th); > 0 means the live detectors found a face and drew its box into the relayed video.
    public var faceBoxPixels: Int
    /// The most face-box pixels seen in any checked frame.
    public var faceBoxPixelsMax: Int
    /// webrtcbin's connection state: new, connecting, connected, disconnected, failed, closed.
    public var connectionState: String
    /// GStreamer errors and signaling errors, newest last.
    public var problems: [String]

    public static let none = LoadPeerCounts(videoFrames: 0, audioPackets: 0, width: 0, height: 0, faceBoxPixels: 0,
                                            faceBoxPixelsMax: 0, connectionState: "new", problems: [])
}
