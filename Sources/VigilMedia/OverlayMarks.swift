import CGStreamer
import Synchronization

/// A box drawn into the relayed candidate video: normalised 0…1 coordinates, alarm colour for
/// forbidden objects and flagged faces.
public struct MarkBox: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
    public var alarming: Bool

    public init(x: Double, y: Double, width: Double, height: Double, alarming: Bool) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.alarming = alarming
    }
}

/// The boxes of the latest analysed frame, read by the re-encoded branch's streaming thread on
/// every frame (a pad probe in front of `alert_overlay`) and replaced by the analyzer after each
/// frame. The streaming thread never waits for the analyzer: it takes the lock only to copy a
/// short array. Boxes older than `lifetime` are not drawn, so a stalled or finished analysis
/// cannot leave a stale box on the call.
final class OverlayMarks: Sendable {
    private let state = Mutex<(boxes: [MarkBox], setAt: Int)>(([], 0))
    let lifetimeNanoseconds: Int

    init(lifetimeNanoseconds: Int = 1_500_000_000) {
        self.lifetimeNanoseconds = lifetimeNanoseconds
    }

    func set(_ boxes: [MarkBox]) {
        let now = RelayStages.now()
        state.withLock { $0 = (boxes, now) }
    }

    /// The boxes to draw now (empty when they are stale).
    var current: [MarkBox] {
        let now = RelayStages.now()
        return state.withLock { now - $0.setAt <= lifetimeNanoseconds ? $0.boxes : [] }
    }

    /// Adds the drawing probe to the video input of the bin's `alert_overlay` (boxes under the
    /// banner text). No-op when the description has no such element.
    func install(on bin: UnsafeMutablePointer<GstElement>) {
        guard let overlay = vigil_bin_get(bin, "alert_overlay") else { return }
        defer { vigil_object_unref(overlay) }
        guard let pad = gst_element_get_static_pad(overlay, "video_sink") else { return }
        defer { vigil_object_unref(pad) }
        _ = gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER, markPainterProbe,
                              Unmanaged.passRetained(self).toOpaque(), releaseMarkPainterProbe)
    }
}
