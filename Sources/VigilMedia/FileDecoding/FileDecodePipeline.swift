import Foundation
import VigilGStreamer

/// One GStreamer pipeline decoding one file into BGR frames, pulled on the caller's thread. Every
/// wait is bounded: a file that makes a decoder stall becomes an error, never a hung command.
/// Not Sendable: it belongs to the `VideoFileReader` that made it.
final class FileDecodePipeline {
    /// What the pipeline learned when it prerolled (decoded its first frame).
    struct Preroll {
        var width: Int
        var height: Int
        /// Frames per second from the caps; nil for variable-rate streams that do not say.
        var framesPerSecond: Double?
        /// Seconds, from the container; nil when it does not say (y4m from a pipe, live dumps).
        var duration: Double?
        var evidence: FileDecodeEvidence
    }

    enum Pulled {
        case frame(VideoFrame)
        case end
    }

    /// Longest wait for the first frame, and between two frames later on.
    static let prerollTimeoutSeconds = 30
    static let stallTimeoutSeconds = 30
    /// Seconds a recognised container may take to announce its first stream.
    static let streamlessSeconds = 6

    let file: String
    private let pipeline: Pipeline
    private let sink: AppSink
    private let typefind: ElementRef
    private let linker: FileDecodePadLinker
    private var playing = false

    init(path: String, file: String, width: Int? = nil, height: Int? = nil) throws(FileDecodeError) {
        self.file = file
        let pipeline: Pipeline
        do {
            // A recoverable parse error is a warning-level note here: the pipeline exists.
            pipeline = try Pipeline(launching: FileDecodeDescription.text(width: width, height: height), acceptingRecoverableErrors: true)
        } catch {
            throw .decoderMissing(file: file, detail: error.description)
        }
        let names = [FileDecodeDescription.sourceName, FileDecodeDescription.typefindName, FileDecodeDescription.decoderName,
                     FileDecodeDescription.entryName, FileDecodeDescription.sinkName]
        let found = names.compactMap { pipeline.element.child(named: $0) }
        guard found.count == names.count else {
            found.forEach { $0.release() }
            pipeline.element.release()
            throw .decoderMissing(file: file, detail: "the decode pipeline lacks one of its named elements")
        }
        let (source, typefind, decoder, entry, sink) = (found[0], found[1], found[2], found[3], found[4])
        self.pipeline = pipeline
        defer { source.release(); decoder.release(); entry.release() }
        self.sink = AppSink(sink)
        self.typefind = typefind
        source.set("location", path)
        linker = FileDecodePadLinker(entry: entry)
        linker.install(on: decoder)
    }

    deinit {
        pipeline.stopNow(releasing: [sink.element, typefind])
    }

    /// Decodes up to the first frame and reports what the file holds.
    func preroll() throws(FileDecodeError) -> Preroll {
        var settled = pipeline.pause()
        // An element's ERROR does not end an asynchronous state change by itself (a demuxer that
        // finds no stream posts one and the preroll just never comes): wait in slices and look
        // at the bus between them, so a bad file fails at once instead of after the timeout.
        var waited: UInt64 = 0
        let slice: UInt64 = 100_000_000
        while settled == .async {
            settled = pipeline.waitForState(timeoutNanoseconds: slice)
            guard settled == .async else { break }
            if let failure = popFailure(waitSeconds: 0) {
                throw .judging(failure, evidence: self.evidence, file: file)
            }
            // Every stream offered and none of them video: nothing will ever preroll.
            if linker.offeredEverything, !linker.offeredVideo {
                throw .judging(popFailure(waitSeconds: 0), evidence: self.evidence, file: file)
            }
            // A container whose header yields no stream at all. A demuxer that gives up says so
            // with an ERROR, but decodebin drops errors posted while it is still setting the
            // demuxer's state, which a busy machine makes likely (seen: a truncated mp4 whose
            // index was cut off, qtdemux's "no known streams found" lost). A readable file
            // announces its streams within milliseconds of opening, so after a few seconds
            // without one the file is judged damaged.
            if waited >= UInt64(Self.streamlessSeconds) * 1_000_000_000, linker.offeredStreams.isEmpty,
               let container = self.evidence.container {
                throw .corrupt(file: file, detail: "GStreamer recognised it as \(container) but found no stream in it (its index may be missing)")
            }
            waited += slice
            if waited >= UInt64(Self.prerollTimeoutSeconds) * 1_000_000_000 {
                throw .stalled(file: file, seconds: Self.prerollTimeoutSeconds)
            }
        }
        let evidence = self.evidence
        // A failed state change and its ERROR message come from different threads: give the
        // message a moment to reach the bus, since it says what went wrong.
        if let failure = popFailure(waitSeconds: settled == .failure ? 2 : 0) {
            throw .judging(failure, evidence: evidence, file: file)
        }
        guard let sample = sink.pullPreroll(timeoutNanoseconds: 0) else {
            throw .judging(nil, evidence: evidence, file: file)
        }
        defer { sample.release() }
        guard let layout = sample.caps?.videoLayout else {
            throw .corrupt(file: file, detail: "the first frame has no usable format")
        }
        if let container = evidence.container, container.hasPrefix("image/") {
            throw .stillImage(file: file, format: container)
        }
        return Preroll(width: layout.width, height: layout.height, framesPerSecond: layout.framesPerSecond,
                       duration: pipeline.durationSeconds, evidence: evidence)
    }

    /// The next decoded frame, or `.end` at the end of the file.
    func pull() throws(FileDecodeError) -> Pulled {
        if !playing {
            playing = true
            if pipeline.play() == .failure {
                throw .judging(popFailure(waitSeconds: 1), evidence: evidence, file: file)
            }
        }
        let slice: UInt64 = 250_000_000
        var waited: UInt64 = 0
        while waited < UInt64(Self.stallTimeoutSeconds) * 1_000_000_000 {
            if let sample = sink.pullSample(timeoutNanoseconds: slice) {
                defer { sample.release() }
                guard let frame = Self.frame(from: sample) else {
                    throw .corrupt(file: file, detail: "a decoded frame has no usable format")
                }
                return .frame(frame)
            }
            if sink.isAtEnd { return .end }
            if let failure = popFailure(waitSeconds: 0) {
                throw .judging(failure, evidence: evidence, file: file)
            }
            waited += slice
        }
        throw .stalled(file: file, seconds: Self.stallTimeoutSeconds)
    }

    private var evidence: FileDecodeEvidence {
        FileDecodeEvidence(container: typefind.caps("caps")?.name, streams: linker.offeredStreams)
    }

    /// The first ERROR on the bus, waiting at most `waitSeconds` for one.
    private func popFailure(waitSeconds: Int) -> PipelineError? {
        pipeline.popError(waitNanoseconds: UInt64(waitSeconds) * 1_000_000_000)
    }

    /// Copies a BGR sample into a `VideoFrame` stamped with its position in the file (stream
    /// time, which accounts for edit lists that shift the first timestamp).
    private static func frame(from sample: SampleRef) -> VideoFrame? {
        guard let image = sample.packedImage(bytesPerPixel: 3) else { return nil }
        return VideoFrame(width: image.width, height: image.height, bytesPerRow: image.bytesPerRow, pixels: image.pixels,
                          time: image.streamTime ?? image.presentationTime ?? 0)
    }
}
