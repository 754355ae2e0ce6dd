/// What GStreamer knew about the file when it failed.
struct FileDecodeEvidence: Sendable, Equatable {
    /// The container's caps name from typefind ("video/quicktime", "image/jpeg"), nil if unknown.
    var container: String?
    /// Caps names of the streams decodebin offered.
    var streams: [String]
}
