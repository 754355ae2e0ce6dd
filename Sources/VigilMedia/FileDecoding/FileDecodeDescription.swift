/// The gst-launch description of the file decoding pipeline. Built in Swift rather than read from
/// `pipelines/` because `vigil analyze` is a command people run from any folder, and a file that
/// could be missing would be one more way for it to fail; the file path is set on `source` as a
/// property, never pasted into the text, so no name needs quoting.
///
/// `typefind` names the container (to tell a photo or a text file from a recording);
/// `decoder` (decodebin) offers one pad per stream, and Swift links the video one to `entry`
/// (see `FileDecodePadLinker`). `videoflip video-direction=auto` turns the picture by the
/// stream's image-orientation tag (the rotation phones write into mp4 headers); the first
/// videoconvert only acts when the decoder's format is one videoflip cannot take. `sink` is
/// unsynchronised (decode as fast as the analyzer pulls) and holds at most four frames, which
/// blocks the decoder instead of filling memory.
enum FileDecodeDescription {
    static let sourceName = "source"
    static let typefindName = "typefind"
    static let decoderName = "decoder"
    static let entryName = "entry"
    static let sinkName = "sink"

    /// The description; with a size, frames are scaled to exactly that size (square pixels).
    static func text(width: Int? = nil, height: Int? = nil) -> String {
        var caps = "video/x-raw,format=BGR,pixel-aspect-ratio=1/1"
        if let width, let height { caps += ",width=\(width),height=\(height)" }
        return """
            filesrc name=\(sourceName) ! typefind name=\(typefindName) ! decodebin name=\(decoderName) \
            videoconvert name=\(entryName) ! videoflip video-direction=auto ! videoscale ! videoconvert ! \(caps) ! \
            appsink name=\(sinkName) sync=false max-buffers=4 drop=false enable-last-sample=false
            """
    }
}
