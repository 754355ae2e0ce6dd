/// The largest frame `VideoFileReader` hands to the analyzer. The detectors resize every frame to
/// their own small inputs (128–640 px), so decoding a 1080p or 4K recording at full size only
/// costs copying and memory; scaling in the decode pipeline keeps every frame near the 640x480
/// the detectors are benchmarked at, in either orientation (a portrait phone video gets up to
/// 480x640, not a squeezed 360x480).
public struct FrameSizeLimit: Sendable, Equatable {
    /// Limit for the longer side, in pixels.
    public var longSide: Int
    /// Limit for the shorter side, in pixels.
    public var shortSide: Int

    public init(longSide: Int, shortSide: Int) {
        self.longSide = max(2, longSide)
        self.shortSide = max(2, min(shortSide, self.longSide))
    }

    /// 640x480 landscape or 480x640 portrait.
    public static let analysis = FrameSizeLimit(longSide: 640, shortSide: 480)

    /// The size a `width` × `height` frame (square pixels) is scaled to: the largest that fits the
    /// limit with the aspect ratio kept, never enlarged, rounded to even numbers so that every
    /// intermediate YUV format in the pipeline can hold it.
    public func fitting(width: Int, height: Int) -> (width: Int, height: Int) {
        guard width > 0, height > 0 else { return (width, height) }
        let long = Double(max(width, height)), short = Double(min(width, height))
        let scale = min(1, Double(longSide) / long, Double(shortSide) / short)
        guard scale < 1 else { return (width, height) }
        func even(_ value: Double) -> Int { max(2, Int((value / 2).rounded()) * 2) }
        return (even(Double(width) * scale), even(Double(height) * scale))
    }
}
