internal import CGStreamer

/// How a raw video frame lies in memory, copied out of GstVideoInfo (whose fields Swift sees as
/// C tuples): size, rate, format and each plane's offset and stride.
package struct VideoLayout: Sendable, Equatable {
    package var width: Int
    package var height: Int
    /// Frames per second from the caps; nil for variable-rate streams that do not say.
    package var framesPerSecond: Double?
    /// Planar 4:2:0 YUV (what the decoders give and the encoders take).
    package var isI420: Bool
    package var planeOffsets: [Int]
    package var planeStrides: [Int]

    init(_ info: GstVideoInfo) {
        var info = info
        width = Int(info.width)
        height = Int(info.height)
        framesPerSecond = info.fps_n > 0 && info.fps_d > 0 ? Double(info.fps_n) / Double(info.fps_d) : nil
        isI420 = vigil_video_info_format(&info) == GST_VIDEO_FORMAT_I420
        planeOffsets = [Int(info.offset.0), Int(info.offset.1), Int(info.offset.2)]
        planeStrides = [Int(info.stride.0), Int(info.stride.1), Int(info.stride.2)]
    }
}
