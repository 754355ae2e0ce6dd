import CGStreamer
import Synchronization

/// decodebin offers one pad per stream it decodes, on a streaming thread, once it knows the
/// stream's caps. This links the first video pad to the pipeline's entry and remembers what each
/// pad carried, so that a file without video can be told apart from a damaged one. Other pads
/// (audio, subtitles) stay unlinked: decodebin drops their data, which the demuxer tolerates as
/// long as one stream is linked.
final class FileDecodePadLinker: Sendable {
    private let entry: ElementRef
    private let offered = Mutex<[String]>([])
    private let complete = Atomic<Bool>(false)

    /// Takes a new reference to `entry`, released when decodebin drops this linker.
    init(entry: UnsafeMutablePointer<GstElement>) {
        self.entry = ElementRef(entry).retained()
    }

    deinit { entry.release() }

    /// Caps names of the streams decodebin offered so far ("video/x-raw", "audio/x-raw"...).
    var offeredStreams: [String] { offered.withLock { $0 } }

    var offeredVideo: Bool { offeredStreams.contains { $0.hasPrefix("video/") } }

    /// decodebin said "no-more-pads": every stream of the file has been offered.
    var offeredEverything: Bool { complete.load(ordering: .acquiring) }

    /// Installs the handler on decodebin; the handler owns a reference to the linker.
    func install(on decoder: UnsafeMutablePointer<GstElement>) {
        _ = vigil_signal_connect_data(
            decoder, "pad-added", unsafeBitCast(fileDecodePadAdded, to: GCallback.self),
            Unmanaged.passRetained(self).toOpaque(), releaseFileDecodePadLinker)
        _ = vigil_signal_connect_data(
            decoder, "no-more-pads", unsafeBitCast(fileDecodeNoMorePads, to: GCallback.self),
            Unmanaged.passRetained(self).toOpaque(), releaseFileDecodePadLinker)
    }

    fileprivate func noMorePads() { complete.store(true, ordering: .releasing) }

    /// Streaming thread: record the stream and link it if it is the first video.
    fileprivate func padAdded(_ pad: UnsafeMutablePointer<GstPad>) {
        let name = Self.capsName(of: pad)
        offered.withLock { $0.append(name) }
        guard name.hasPrefix("video/"), let sinkPad = gst_element_get_static_pad(entry.pointer, "sink") else { return }
        defer { vigil_object_unref(sinkPad) }
        if gst_pad_is_linked(sinkPad) == 0 {
            _ = gst_pad_link(pad, sinkPad)
        }
    }

    private static func capsName(of pad: UnsafeMutablePointer<GstPad>) -> String {
        guard let caps = gst_pad_get_current_caps(pad) ?? gst_pad_query_caps(pad, nil) else { return "unknown" }
        defer { vigil_caps_unref(caps) }
        guard gst_caps_get_size(caps) > 0, let structure = vigil_caps_structure(caps, 0),
              let name = gst_structure_get_name(structure) else { return "unknown" }
        return String(cString: name)
    }
}

/// decodebin "pad-added".
private let fileDecodePadAdded: @convention(c) (UnsafeMutablePointer<GstElement>?, UnsafeMutablePointer<GstPad>?, UnsafeMutableRawPointer?) -> Void = { _, pad, data in
    guard let pad, let data else { return }
    Unmanaged<FileDecodePadLinker>.fromOpaque(data).takeUnretainedValue().padAdded(pad)
}

/// decodebin "no-more-pads".
private let fileDecodeNoMorePads: @convention(c) (UnsafeMutablePointer<GstElement>?, UnsafeMutableRawPointer?) -> Void = { _, data in
    guard let data else { return }
    Unmanaged<FileDecodePadLinker>.fromOpaque(data).takeUnretainedValue().noMorePads()
}

/// GClosureNotify for the linker reference the handler owns.
private let releaseFileDecodePadLinker: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<GClosure>?) -> Void = { data, _ in
    guard let data else { return }
    Unmanaged<FileDecodePadLinker>.fromOpaque(data).release()
}
