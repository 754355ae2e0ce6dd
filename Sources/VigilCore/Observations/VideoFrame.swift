/// One decoded video frame in packed BGR (OpenCV's order), as the relay's appsink and the file
/// reader deliver it and the analyzer consumes it. Lives in the core so that media and vision,
/// which sit beside each other, share it without depending on one another.
public struct VideoFrame: Sendable {
    public let width: Int
    public let height: Int
    /// Bytes from one row to the next (≥ width × 3; GStreamer pads rows to 4 bytes).
    public let bytesPerRow: Int
    /// BGR bytes, `bytesPerRow × height` of them.
    public let pixels: [UInt8]
    /// Presentation time in seconds since the start of the stream or file.
    public let time: Double

    public init(width: Int, height: Int, bytesPerRow: Int, pixels: [UInt8], time: Double) {
        precondition(width > 0 && height > 0 && bytesPerRow >= width * 3 && pixels.count >= bytesPerRow * height,
                     "a VideoFrame needs bytesPerRow × height BGR bytes")
        self.width = width
        self.height = height
        self.bytesPerRow = bytesPerRow
        self.pixels = pixels
        self.time = time
    }
}
