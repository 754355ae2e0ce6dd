import Foundation
import VigilGStreamer

/// Cuts a piece of a session's recording into its own WebM without decoding anything
/// (`clip.pipeline`: demux, remux): from the key frame at or before `start` to `stop`, so the
/// clip begins with a picture and holds exactly the recorded bytes of that stretch.
///
/// Blocks its caller until the clip is written: run it off the Swift concurrency pool.
public enum RecordingClip {
    public static func cut(_ source: URL, from start: Double, to stop: Double, into clip: URL,
                           template: PipelineTemplate) throws(MediaError) {
        let description = try FilledDescription(template, ["source": source.path, "clip": clip.path])
        let pipeline: Pipeline
        do {
            pipeline = try Pipeline(launching: description.text)
        } catch {
            throw .pipelineInvalid(file: description.file, reason: error.description)
        }
        guard let demux = pipeline.element.child(named: "demux") else {
            pipeline.stopNow()
            throw .elementMissing(file: description.file, name: "demux")
        }
        defer { pipeline.stopNow(releasing: [demux]) }
        guard demux.seekToKeyFrame(startSeconds: start, stopSeconds: stop) else {
            throw .pipelineInvalid(file: description.file, reason: "the demuxer refused the seek to \(start)–\(stop) s")
        }
        guard pipeline.play() != .failure else {
            throw .pipelineInvalid(file: description.file, reason: "the clip pipeline did not start (is \(source.path) readable?)")
        }
        switch pipeline.waitForEndOfStream(timeoutNanoseconds: 30_000_000_000) {
        case .ended: return
        case .failed(let reason): throw .pipelineInvalid(file: description.file, reason: reason)
        case .timedOut: throw .pipelineInvalid(file: description.file, reason: "cutting the clip took more than 30 s")
        }
    }
}
