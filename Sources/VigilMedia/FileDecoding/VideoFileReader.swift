import Foundation

/// Decodes a recorded video file (anything GStreamer reads: mp4/H.264, webm/VP8-VP9, mkv, mov,
/// y4m...) into BGR `VideoFrame`s stamped with their position in the file, turned upright by the
/// file's rotation metadata and scaled to fit `FrameSizeLimit`. Frames are pulled on the caller's
/// thread with `next()`: offline analysis is one loop, so nothing needs to cross threads.
///
/// Opening probes the file first (decodes its first frame at full size) so that every bad file
/// fails here, before a session is created, and so the scaled size can be fixed in the pipeline.
public final class VideoFileReader {
    /// The path as given, used in every error message.
    public let file: String
    /// Seconds the container says the file lasts; nil when it does not say.
    public let duration: Double?
    /// Nominal frame rate; nil for variable-rate streams that do not declare one.
    public let framesPerSecond: Double?
    /// Size of the frames `next()` returns (upright, scaled).
    public let width: Int
    public let height: Int
    /// Upright size of the decoded video before scaling.
    public let sourceWidth: Int
    public let sourceHeight: Int
    /// The container GStreamer recognised, e.g. "video/quicktime", "video/webm".
    public let container: String

    private let pipeline: FileDecodePipeline
    private var lastTime: Double?
    private var finished = false

    /// Opens `path`; `sizeLimit` nil keeps the decoded size.
    public init(path: String, sizeLimit: FrameSizeLimit? = .analysis) throws(FileDecodeError) {
        file = path
        try Self.checkReadable(path)
        let probe = try FileDecodePipeline(path: path, file: path)
        let first = try probe.preroll()
        sourceWidth = first.width
        sourceHeight = first.height
        duration = first.duration
        framesPerSecond = first.framesPerSecond
        container = first.evidence.container ?? "unknown"
        let target = sizeLimit?.fitting(width: first.width, height: first.height) ?? (width: first.width, height: first.height)
        if target == (first.width, first.height) {
            pipeline = probe
        } else {
            pipeline = try FileDecodePipeline(path: path, file: path, width: target.width, height: target.height)
            _ = try pipeline.preroll()
        }
        width = target.width
        height = target.height
    }

    /// The next frame, or nil after the last one. Throws when the file turns out damaged: the
    /// decoder fails, or the video stops well before the duration its header announces (a
    /// recording cut short, e.g. by a failed upload).
    public func next() throws(FileDecodeError) -> VideoFrame? {
        guard !finished else { return nil }
        switch try pipeline.pull() {
        case .frame(let frame):
            lastTime = frame.time
            return frame
        case .end:
            finished = true
            if let problem = VideoFileCompleteness.shortfall(lastFrame: lastTime, frameInterval: framesPerSecond.map { 1 / $0 }, duration: duration) {
                throw .corrupt(file: file, detail: problem)
            }
            return nil
        }
    }

    /// The checks GStreamer would report less clearly: missing path, a folder, no permission,
    /// an empty file.
    private static func checkReadable(_ path: String) throws(FileDecodeError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw .fileMissing(file: path) }
        guard !isFolder.boolValue else { throw .unreadable(file: path, reason: "it is a folder") }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw .unreadable(file: path, reason: "no permission to read it")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size > 0 else { throw .notAVideo(file: path, detail: "the file is empty") }
    }
}
