import Synchronization
import VigilGStreamer

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
    /// The probe runs on the re-encoded branch's streaming thread once per frame: it returns at
    /// once when there is nothing to draw and never waits for the analyzer.
    func install(on bin: ElementRef) {
        guard let overlay = bin.child(named: "alert_overlay") else { return }
        defer { overlay.release() }
        guard let pad = overlay.staticPad(named: "video_sink") else { return }
        defer { pad.release() }
        pad.addProbe(.buffers) { [self] info in
            let boxes = current
            guard !boxes.isEmpty, let caps = info.pad.currentCaps else { return }
            info.withWritableI420Frame(caps: caps) { planes in MarkPainter().draw(boxes, on: planes) }
        }
    }
}
