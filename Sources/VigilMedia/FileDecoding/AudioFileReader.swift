import Foundation
import VigilGStreamer

/// Decodes a recorded file's first audio track into 16 kHz mono 16-bit samples, pulled on the
/// caller's thread with `next()`, each chunk stamped with its position in the file. A file
/// without an audio track is not an error: `open` says so (`nil`), and `vigil analyze` then
/// judges the video alone. Every wait is bounded, as in the video reader. Not Sendable: it
/// belongs to the one loop that reads it.
public final class AudioFileReader {
    /// Samples of the track from `time` (seconds into the file) on.
    public struct Chunk: Sendable {
        public var time: Double
        public var samples: [Int16]
    }

    public static let sampleRate = AudioFileDecodeDescription.sampleRate
    static let prerollTimeoutSeconds = 30
    static let stallTimeoutSeconds = 30

    public let file: String
    private let pipeline: Pipeline
    private let sink: AppSink
    private let linker: FileDecodePadLinker
    private var playing = false
    private var finished = false
    /// Where the next chunk starts: the first buffer's stream time, then counted in samples.
    private var nextTime: Double?

    private init(file: String, pipeline: Pipeline, sink: AppSink, linker: FileDecodePadLinker) {
        self.file = file
        self.pipeline = pipeline
        self.sink = sink
        self.linker = linker
    }

    deinit {
        pipeline.stopNow(releasing: [sink.element])
    }

    /// The reader of `path`'s first audio track, nil when the file has none. Throws when the
    /// track cannot be decoded (a missing plug-in, a damaged stream).
    public static func open(path: String) throws(FileDecodeError) -> AudioFileReader? {
        let pipeline: Pipeline
        do {
            pipeline = try Pipeline(launching: AudioFileDecodeDescription.text, acceptingRecoverableErrors: true)
        } catch {
            throw .decoderMissing(file: path, detail: error.description)
        }
        let names = [AudioFileDecodeDescription.sourceName, AudioFileDecodeDescription.decoderName,
                     AudioFileDecodeDescription.entryName, AudioFileDecodeDescription.sinkName]
        let found = names.compactMap { pipeline.element.child(named: $0) }
        guard found.count == names.count else {
            found.forEach { $0.release() }
            pipeline.element.release()
            throw .decoderMissing(file: path, detail: "the audio decode pipeline lacks one of its named elements")
        }
        let (source, decoder, entry) = (found[0], found[1], found[2])
        defer { source.release(); decoder.release(); entry.release() }
        source.set("location", path)
        let linker = FileDecodePadLinker(entry: entry, linking: "audio/")
        linker.install(on: decoder)
        let reader = AudioFileReader(file: path, pipeline: pipeline, sink: AppSink(found[3]), linker: linker)
        return try reader.preroll() ? reader : nil
    }

    /// Prerolls; false when every stream was offered and none is audio.
    private func preroll() throws(FileDecodeError) -> Bool {
        var settled = pipeline.pause()
        var waited: UInt64 = 0
        let slice: UInt64 = 100_000_000
        while settled == .async {
            settled = pipeline.waitForState(timeoutNanoseconds: slice)
            guard settled == .async else { break }
            if linker.offeredEverything, !linker.offeredAudio { return false }
            if let failure = pipeline.popError(waitNanoseconds: 0) {
                if !linker.offeredAudio { return false }
                throw .corrupt(file: file, detail: "its audio track could not be decoded: \(failure)")
            }
            waited += slice
            if waited >= UInt64(Self.prerollTimeoutSeconds) * 1_000_000_000 { throw .stalled(file: file, seconds: Self.prerollTimeoutSeconds) }
        }
        // A file whose only stream is left unlinked (video without audio) fails its preroll with a
        // not-linked error: that is "no audio", not damage.
        guard linker.offeredAudio else { return false }
        if settled == .failure {
            let failure = pipeline.popError(waitNanoseconds: 1_000_000_000)
            throw .corrupt(file: file, detail: "its audio track could not be decoded: \(failure.map { "\($0)" } ?? "the pipeline did not start")")
        }
        return true
    }

    /// The next chunk of samples, nil after the last one.
    public func next() throws(FileDecodeError) -> Chunk? {
        guard !finished else { return nil }
        if !playing {
            playing = true
            if pipeline.play() == .failure {
                throw .corrupt(file: file, detail: "its audio track could not be decoded: \(pipeline.popError(waitNanoseconds: 1_000_000_000).map { "\($0)" } ?? "the pipeline did not start")")
            }
        }
        let slice: UInt64 = 250_000_000
        var waited: UInt64 = 0
        while waited < UInt64(Self.stallTimeoutSeconds) * 1_000_000_000 {
            if let sample = sink.pullSample(timeoutNanoseconds: slice) {
                defer { sample.release() }
                guard let bytes = sample.rawBytes else { continue }
                let samples = bytes.withUnsafeBytes { raw in
                    (0..<(raw.count / 2)).map { Int16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self)) }
                }
                let time = nextTime ?? sample.streamTime ?? 0
                nextTime = time + Double(samples.count) / Double(Self.sampleRate)
                return Chunk(time: time, samples: samples)
            }
            if sink.isAtEnd {
                finished = true
                return nil
            }
            if let failure = pipeline.popError(waitNanoseconds: 0) {
                throw .corrupt(file: file, detail: "its audio track broke off: \(failure)")
            }
            waited += slice
        }
        throw .stalled(file: file, seconds: Self.stallTimeoutSeconds)
    }
}
