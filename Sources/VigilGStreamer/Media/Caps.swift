internal import CGStreamer

/// Caps owned by Swift, read as plain values: the first structure's name and fields, and the
/// video layout. A class so the reference is dropped exactly once, when the last user is done.
package final class Caps: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<GstCaps>

    /// Takes over a reference the caller owns.
    init(owning pointer: UnsafeMutablePointer<GstCaps>) { self.pointer = pointer }

    /// Adds a reference to caps someone else owns (a sample's).
    init(borrowing pointer: UnsafeMutablePointer<GstCaps>) { self.pointer = gst_caps_ref(pointer) }

    /// Caps from their text form ("application/x-rtp,media=video,…").
    package convenience init?(parsing text: String) {
        guard let caps = gst_caps_from_string(text) else { return nil }
        self.init(owning: caps)
    }

    deinit { gst_caps_unref(pointer) }

    private var firstStructure: UnsafeMutablePointer<GstStructure>? {
        gst_caps_get_size(pointer) > 0 ? gst_caps_get_structure(pointer, 0) : nil
    }

    /// The media type of the first structure, e.g. "video/x-raw", "application/x-rtp".
    package var name: String? {
        guard let structure = firstStructure, let name = gst_structure_get_name(structure) else { return nil }
        return String(cString: name)
    }

    /// A string field of the first structure (e.g. "media" of RTP caps).
    package func string(_ field: String) -> String? {
        guard let structure = firstStructure, let value = gst_structure_get_string(structure, field) else { return nil }
        return String(cString: value)
    }

    /// An integer field of the first structure (e.g. "width").
    package func int(_ field: String) -> Int? {
        guard let structure = firstStructure else { return nil }
        var value: gint = 0
        return gst_structure_get_int(structure, field, &value) != 0 ? Int(value) : nil
    }

    /// The raw video layout these caps describe, nil for anything but raw video.
    package var videoLayout: VideoLayout? {
        var info = GstVideoInfo()
        guard gst_video_info_from_caps(&info, pointer) != 0 else { return nil }
        return VideoLayout(info)
    }
}
