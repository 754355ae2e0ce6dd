/// Why a recorded file cannot be analysed, each naming the file and saying what to do. Kept apart
/// from the relay's `MediaError` because these reach a person at a terminal (`vigil analyze`),
/// not a page in a call.
public enum FileDecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing at that path.
    case fileMissing(file: String)
    /// The path exists but cannot be read as a file (a folder, no permission, empty).
    case unreadable(file: String, reason: String)
    /// GStreamer does not recognise the content as media at all (a text file, random bytes).
    case notAVideo(file: String, detail: String)
    /// A photo: one still frame is not a recording to proctor.
    case stillImage(file: String, format: String)
    /// Media, but without any video track (an audio recording).
    case noVideoStream(file: String, found: String)
    /// The file is damaged or cut short: the decoder failed, or the stream stopped well before
    /// the duration its header announces.
    case corrupt(file: String, detail: String)
    /// A GStreamer element the decoding needs is not installed.
    case decoderMissing(file: String, detail: String)
    /// GStreamer delivered nothing for too long; stopped rather than hang.
    case stalled(file: String, seconds: Int)

    public var file: String {
        switch self {
        case .fileMissing(let file), .unreadable(let file, _), .notAVideo(let file, _), .stillImage(let file, _),
             .noVideoStream(let file, _), .corrupt(let file, _), .decoderMissing(let file, _), .stalled(let file, _):
            file
        }
    }

    public var description: String {
        switch self {
        case .fileMissing(let file):
            "\(file): no such file; check the path"
        case .unreadable(let file, let reason):
            "\(file): cannot be read (\(reason))"
        case .notAVideo(let file, let detail):
            "\(file) is not a video: \(detail). Pass a recording (mp4, webm, mkv, mov, y4m...)"
        case .stillImage(let file, let format):
            "\(file) is a still image (\(format)), not a video; vigil detect analyses photos, vigil analyze needs a recording"
        case .noVideoStream(let file, let found):
            "\(file) has no video stream (it holds \(found)); vigil analyze needs the candidate's video"
        case .corrupt(let file, let detail):
            "\(file) is damaged or truncated: \(detail.hasSuffix(".") ? String(detail.dropLast()) : detail). Re-export or re-download the recording"
        case .decoderMissing(let file, let detail):
            "\(file) needs a GStreamer plug-in that is not installed: \(detail). Run scripts/setup.sh (gstreamer1.0-libav, -plugins-good, -plugins-bad)"
        case .stalled(let file, let seconds):
            "\(file): the decoder produced nothing for \(seconds) s; stopped instead of waiting forever"
        }
    }
}
