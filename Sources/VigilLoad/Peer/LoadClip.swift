import Foundation
import Synchronization
import VigilGStreamer

/// The load peers' video, encoded once per process: `seconds` of the face photo with a running
/// clock burned in, as VP8 frames kept in memory (GstSamples, immutable). Every peer sends these
/// same frames (through `LoadClipPlayer`), so `vigil-bench load` spends its CPU on the server,
/// not on one live vp8enc per peer (issue 16, item 4). A key frame every second bounds how
/// long a receiver joining mid-clip waits; the clip loops from a key frame.
final class LoadClip: @unchecked Sendable {  // immutable after init; GstSample is MT-safe
    let frames: [SampleRef]
    let framerate: Int

    private init(frames: [SampleRef], framerate: Int) {
        self.frames = frames
        self.framerate = framerate
    }

    /// Only a clip that lost the race to be the shared one goes away (the table keeps the rest).
    deinit { frames.forEach { $0.release() } }

    private static let encoded = Mutex<[String: LoadClip]>([:])

    /// The clip for `media`, encoded on first use (well under a second at 640x480).
    static func shared(for media: LoadMedia, seconds: Int = 10) throws(LoadError) -> LoadClip {
        let key = "\(media.photo) \(media.width)x\(media.height)@\(media.framerate) \(media.videoBitrate) \(seconds)"
        if let clip = encoded.withLock({ $0[key] }) { return clip }
        let clip = try encode(media, seconds: seconds)
        return encoded.withLock { table in
            if let first = table[key] { return first }  // another peer encoded it meanwhile
            table[key] = clip
            return clip
        }
    }

    private static func encode(_ media: LoadMedia, seconds: Int) throws(LoadError) -> LoadClip {
        guard FileManager.default.fileExists(atPath: media.photo) else { throw .photoMissing(path: media.photo) }
        let escaped = media.photo.replacingOccurrences(of: "\"", with: "\\\"")
        let frameCount = seconds * media.framerate
        let description = """
            filesrc location="\(escaped)" ! jpegdec ! imagefreeze num-buffers=\(frameCount) ! videoconvert ! videoscale
              ! video/x-raw,width=\(media.width),height=\(media.height),framerate=\(media.framerate)/1,pixel-aspect-ratio=1/1
              ! timeoverlay font-desc="Sans 16"
              ! vp8enc deadline=1 threads=1 cpu-used=-8 end-usage=cbr target-bitrate=\(media.videoBitrate) lag-in-frames=0 keyframe-max-dist=\(media.framerate) error-resilient=partitions
              ! appsink name=clip sync=false
            """
        let pipeline: Pipeline
        do {
            pipeline = try Pipeline(launching: description)
        } catch {
            throw .pipelineInvalid(reason: "encoding the load clip: \(error.description)")
        }
        guard let sinkElement = pipeline.element.child(named: "clip") else {
            pipeline.stopNow()
            throw .pipelineInvalid(reason: "the clip pipeline has no appsink")
        }
        let sink = AppSink(sinkElement)
        guard pipeline.play() != .failure else {
            pipeline.stopNow(releasing: [sinkElement])
            throw .stateChangeFailed("the load clip's encoder refused to play")
        }
        var frames: [SampleRef] = []
        let deadline = Date().addingTimeInterval(60)
        while frames.count < frameCount, !sink.isAtEnd, Date() < deadline {
            if let sample = sink.pullSample(timeoutNanoseconds: 500_000_000) { frames.append(sample) }
        }
        // Blocks (joins the encoder's threads) for a moment, once per process.
        pipeline.stopNow(releasing: [sinkElement])
        guard frames.count == frameCount else {
            frames.forEach { $0.release() }
            throw .stateChangeFailed("the load clip's encoder made \(frames.count) of \(frameCount) frames")
        }
        return LoadClip(frames: frames, framerate: media.framerate)
    }
}
