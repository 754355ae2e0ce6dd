import Synchronization
import VigilGStreamer

/// decodebin offers one pad per stream it decodes, on a streaming thread, once it knows the
/// stream's caps. This links the first video pad (or, for the audio reader, the first audio pad)
/// to the pipeline's entry and remembers what each pad carried, so that a file without video can
/// be told apart from a damaged one. Other pads (audio, subtitles) stay unlinked: decodebin drops
/// their data, which the demuxer tolerates as long as one stream is linked.
final class FileDecodePadLinker: Sendable {
    private let entry: ElementRef
    private let offered = Mutex<[String]>([])
    private let complete = Atomic<Bool>(false)
    /// Caps name prefix of the stream linked: "video/" or "audio/".
    let linkedKind: String

    /// Takes a new reference to `entry`, released when decodebin drops this linker.
    init(entry: ElementRef, linking kind: String = "video/") {
        self.entry = entry.retained()
        linkedKind = kind
    }

    deinit { entry.release() }

    /// Caps names of the streams decodebin offered so far ("video/x-raw", "audio/x-raw"...).
    var offeredStreams: [String] { offered.withLock { $0 } }

    var offeredVideo: Bool { offeredStreams.contains { $0.hasPrefix("video/") } }

    var offeredAudio: Bool { offeredStreams.contains { $0.hasPrefix("audio/") } }

    /// decodebin said "no-more-pads": every stream of the file has been offered.
    var offeredEverything: Bool { complete.load(ordering: .acquiring) }

    /// Installs the handlers on decodebin; each handler owns a reference to the linker.
    func install(on decoder: ElementRef) {
        decoder.onPadAdded { [self] pad in padAdded(pad) }
        decoder.onNoMorePads { [self] in complete.store(true, ordering: .releasing) }
    }

    /// Streaming thread: record the stream and link it if it is the first of the linked kind.
    private func padAdded(_ pad: PadRef) {
        let name = pad.caps?.name ?? "unknown"
        offered.withLock { $0.append(name) }
        guard name.hasPrefix(linkedKind), let sinkPad = entry.staticPad(named: "sink") else { return }
        defer { sinkPad.release() }
        if !sinkPad.isLinked {
            try? pad.link(to: sinkPad)
        }
    }
}
