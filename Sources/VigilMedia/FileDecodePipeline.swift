import CGStreamer
import Foundation

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
    private let pipeline: ElementRef
    private let sink: ElementRef
    private let typefind: ElementRef
    private let linker: FileDecodePadLinker
    private var playing = false

    init(path: String, file: String, width: Int? = nil, height: Int? = nil) throws(FileDecodeError) {
        self.file = file
        GStreamerRuntime.ensureInitialized()
        var error: UnsafeMutablePointer<GError>?
        let description = FileDecodeDescription.text(width: width, height: height)
        guard let element = gst_parse_launch(description, &error) else {
            let reason = error.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "gst_parse_launch failed"
            if let error { g_error_free(error) }
            throw .decoderMissing(file: file, detail: reason)
        }
        if let error { g_error_free(error) }  // a warning-level note; the pipeline exists
        pipeline = ElementRef(element)
        let names = [FileDecodeDescription.sourceName, FileDecodeDescription.typefindName, FileDecodeDescription.decoderName,
                     FileDecodeDescription.entryName, FileDecodeDescription.sinkName]
        let found = names.compactMap { vigil_bin_get(element, $0).map(ElementRef.init) }
        guard found.count == names.count else {
            found.forEach { $0.release() }
            gst_object_unref(element)
            throw .decoderMissing(file: file, detail: "the decode pipeline lacks one of its named elements")
        }
        let (source, typefind, decoder, entry, sink) = (found[0], found[1], found[2], found[3], found[4])
        defer { source.release(); decoder.release(); entry.release() }
        self.sink = sink
        self.typefind = typefind
        vigil_object_set_string(source.pointer, "location", path)
        linker = FileDecodePadLinker(entry: entry.pointer)
        linker.install(on: decoder.pointer)
    }

    deinit {
        gst_element_set_state(pipeline.pointer, GST_STATE_NULL)
        sink.release()
        typefind.release()
        pipeline.release()
    }

    /// Decodes up to the first frame and reports what the file holds.
    func preroll() throws(FileDecodeError) -> Preroll {
        var settled = gst_element_set_state(pipeline.pointer, GST_STATE_PAUSED)
        // An element's ERROR does not end an asynchronous state change by itself (a demuxer that
        // finds no stream posts one and the preroll just never comes): wait in slices and look
        // at the bus between them, so a bad file fails at once instead of after the timeout.
        var waited: GstClockTime = 0
        let slice: GstClockTime = 100_000_000
        while settled == GST_STATE_CHANGE_ASYNC {
            settled = gst_element_get_state(pipeline.pointer, nil, nil, slice)
            guard settled == GST_STATE_CHANGE_ASYNC else { break }
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
            if waited >= GstClockTime(Self.streamlessSeconds) * 1_000_000_000, linker.offeredStreams.isEmpty,
               let container = self.evidence.container {
                throw .corrupt(file: file, detail: "GStreamer recognised it as \(container) but found no stream in it (its index may be missing)")
            }
            waited += slice
            if waited >= GstClockTime(Self.prerollTimeoutSeconds) * 1_000_000_000 {
                throw .stalled(file: file, seconds: Self.prerollTimeoutSeconds)
            }
        }
        let evidence = self.evidence
        // A failed state change and its ERROR message come from different threads: give the
        // message a moment to reach the bus, since it says what went wrong.
        if let failure = popFailure(waitSeconds: settled == GST_STATE_CHANGE_FAILURE ? 2 : 0) {
            throw .judging(failure, evidence: evidence, file: file)
        }
        guard let sample = gst_app_sink_try_pull_preroll(vigil_as_app_sink(sink.pointer), 0) else {
            throw .judging(nil, evidence: evidence, file: file)
        }
        defer { vigil_sample_unref(sample) }
        var info = GstVideoInfo()
        guard let caps = gst_sample_get_caps(sample), gst_video_info_from_caps(&info, caps) != 0 else {
            throw .corrupt(file: file, detail: "the first frame has no usable format")
        }
        if let container = evidence.container, container.hasPrefix("image/") {
            throw .stillImage(file: file, format: container)
        }
        var nanoseconds: gint64 = 0
        let known = gst_element_query_duration(pipeline.pointer, GST_FORMAT_TIME, &nanoseconds) != 0 && nanoseconds > 0
        return Preroll(
            width: Int(info.width), height: Int(info.height),
            framesPerSecond: info.fps_n > 0 && info.fps_d > 0 ? Double(info.fps_n) / Double(info.fps_d) : nil,
            duration: known ? Double(nanoseconds) / 1e9 : nil, evidence: evidence)
    }

    /// The next decoded frame, or `.end` at the end of the file.
    func pull() throws(FileDecodeError) -> Pulled {
        if !playing {
            playing = true
            if gst_element_set_state(pipeline.pointer, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE {
                throw .judging(popFailure(waitSeconds: 1), evidence: evidence, file: file)
            }
        }
        let appSink = vigil_as_app_sink(sink.pointer)
        let slice: GstClockTime = 250_000_000
        var waited: GstClockTime = 0
        while waited < GstClockTime(Self.stallTimeoutSeconds) * 1_000_000_000 {
            if let sample = gst_app_sink_try_pull_sample(appSink, slice) {
                defer { vigil_sample_unref(sample) }
                guard let frame = Self.frame(from: sample) else {
                    throw .corrupt(file: file, detail: "a decoded frame has no usable format")
                }
                return .frame(frame)
            }
            if gst_app_sink_is_eos(appSink) != 0 { return .end }
            if let failure = popFailure(waitSeconds: 0) {
                throw .judging(failure, evidence: evidence, file: file)
            }
            waited += slice
        }
        throw .stalled(file: file, seconds: Self.stallTimeoutSeconds)
    }

    private var evidence: FileDecodeEvidence {
        var container: String?
        if let pointer = vigil_object_get_pointer(typefind.pointer, "caps") {
            let caps = pointer.assumingMemoryBound(to: GstCaps.self)
            if gst_caps_get_size(caps) > 0, let structure = vigil_caps_structure(caps, 0), let name = gst_structure_get_name(structure) {
                container = String(cString: name)
            }
            vigil_caps_unref(caps)
        }
        return FileDecodeEvidence(container: container, streams: linker.offeredStreams)
    }

    /// The first ERROR on the bus, waiting at most `waitSeconds` for one.
    private func popFailure(waitSeconds: Int) -> FileDecodeFailure? {
        guard let bus = gst_element_get_bus(pipeline.pointer) else { return nil }
        defer { vigil_object_unref(bus) }
        guard let message = gst_bus_timed_pop_filtered(bus, GstClockTime(waitSeconds) * 1_000_000_000, GST_MESSAGE_ERROR) else {
            return nil
        }
        defer { vigil_message_unref(message) }
        return FileDecodeFailure(message: message)
    }

    /// Copies a BGR sample into a `VideoFrame` stamped with its position in the file (stream
    /// time, which accounts for edit lists that shift the first timestamp).
    private static func frame(from sample: OpaquePointer) -> VideoFrame? {
        guard let buffer = gst_sample_get_buffer(sample), let caps = gst_sample_get_caps(sample) else { return nil }
        var info = GstVideoInfo()
        guard gst_video_info_from_caps(&info, caps) != 0 else { return nil }
        var map = GstMapInfo()
        guard gst_buffer_map(buffer, &map, vigil_map_read()) != 0 else { return nil }
        defer { gst_buffer_unmap(buffer, &map) }
        let width = Int(info.width), height = Int(info.height), stride = Int(info.stride.0)
        guard width > 0, height > 0, stride >= width * 3, map.size >= stride * height, let bytes = map.data else { return nil }
        let pixels = [UInt8](UnsafeBufferPointer(start: bytes, count: stride * height))
        let pts = vigil_buffer_pts(buffer)
        var time = 0.0
        if pts != vigil_clock_time_none() {
            var position = pts
            if let segment = gst_sample_get_segment(sample) {
                let streamTime = gst_segment_to_stream_time(segment, GST_FORMAT_TIME, pts)
                if streamTime != vigil_clock_time_none() { position = streamTime }
            }
            time = Double(position) / 1e9
        }
        return VideoFrame(width: width, height: height, bytesPerRow: stride, pixels: pixels, time: time)
    }
}
