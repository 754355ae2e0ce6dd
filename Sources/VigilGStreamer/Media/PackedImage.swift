/// A packed (single-plane) frame copied out of a GStreamer sample into Swift memory, e.g. BGR for
/// the detectors, with its timestamps in seconds.
package struct PackedImage: Sendable {
    package var width: Int
    package var height: Int
    package var bytesPerRow: Int
    package var pixels: [UInt8]
    /// The buffer's presentation time (pipeline running time); nil when the buffer has none.
    package var presentationTime: Double?
    /// The position in the stream (a file's timeline, edit lists applied); nil when unknown.
    package var streamTime: Double?
}
