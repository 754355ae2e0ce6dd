import Foundation
import Testing
import VigilGStreamer
@testable import VigilMedia

/// The boxes drawn into the relayed video, on real frames through a real GStreamer pipeline with
/// the relay's `alert_overlay` element: the probe draws the latest boxes, in their colours, and
/// draws nothing once they are stale or cleared.
@Suite(.serialized) struct OverlayMarksTests {
    /// A grey 640x480 I420 frame through `textoverlay name=alert_overlay`, with `marks` installed,
    /// read back from an appsink as the luma and chroma planes.
    static func frame(through marks: OverlayMarks, set boxes: [MarkBox]?) throws -> (luma: [UInt8], u: [UInt8], v: [UInt8]) {
        let description = "videotestsrc num-buffers=1 pattern=solid-color foreground-color=0xff808080 "
            + "! video/x-raw,format=I420,width=640,height=480 ! textoverlay name=alert_overlay text=\"\" ! appsink name=out sync=false"
        let pipeline = try Pipeline(launching: description)
        let sink = AppSink(try pipeline.element(named: "out"))
        defer { pipeline.stopNow(releasing: [sink.element]) }
        marks.install(on: pipeline.element)
        if let boxes { marks.set(boxes) }
        _ = pipeline.play()
        guard let sample = sink.pullSample(timeoutNanoseconds: 5_000_000_000) else { throw TestFailure("no frame") }
        defer { sample.release() }
        // I420 640x480: the luma plane, then the U and V planes at half size, one after the other.
        let bytes = try #require(sample.rawBytes, "could not map the frame")
        let lumaSize = 640 * 480, chromaSize = 320 * 240
        return (Array(bytes[0..<lumaSize]), Array(bytes[lumaSize..<(lumaSize + chromaSize)]),
                Array(bytes[(lumaSize + chromaSize)..<(lumaSize + 2 * chromaSize)]))
    }

    @Test func drawsAnAlarmBoxOutlineInRedAndLeavesTheInsideAlone() throws {
        let box = MarkBox(x: 0.25, y: 0.25, width: 0.5, height: 0.5, alarming: true)  // 160…480 x 120…360
        let frame = try Self.frame(through: OverlayMarks(), set: [box])
        #expect(frame.luma[122 * 640 + 300] == MarkPainter.alarm.y, "top edge")
        #expect(frame.luma[300 * 640 + 162] == MarkPainter.alarm.y, "left edge")
        #expect(frame.luma[300 * 640 + 477] == MarkPainter.alarm.y, "right edge")
        #expect(frame.v[(358 / 2) * 320 + 150] == MarkPainter.alarm.v, "bottom edge, red chroma")
        #expect(frame.luma[240 * 640 + 320] != MarkPainter.alarm.y, "inside stays as it was")
        #expect(frame.luma[100 * 640 + 300] != MarkPainter.alarm.y, "outside stays as it was")
    }

    @Test func drawsOtherBoxesInGreen() throws {
        let frame = try Self.frame(through: OverlayMarks(), set: [MarkBox(x: 0.1, y: 0.1, width: 0.2, height: 0.2, alarming: false)])
        #expect(frame.luma[50 * 640 + 100] == MarkPainter.normal.y)
        #expect(frame.u[25 * 320 + 50] == MarkPainter.normal.u)
    }

    @Test func drawsNothingWithoutBoxes() throws {
        let frame = try Self.frame(through: OverlayMarks(), set: nil)
        #expect(Set(frame.luma).count == 1, "a plain grey frame")
    }

    @Test func clampsBoxesThatLeaveTheFrame() throws {
        let frame = try Self.frame(through: OverlayMarks(), set: [MarkBox(x: 0.8, y: -0.2, width: 0.5, height: 0.5, alarming: true)])
        #expect(frame.luma[100 * 640 + 514] == MarkPainter.alarm.y, "left edge of the clamped box")
        #expect(frame.luma[1 * 640 + 600] == MarkPainter.alarm.y, "top edge clamped to the first row")
    }

    @Test func clearedBoxesAreNotDrawn() throws {
        let marks = OverlayMarks()
        marks.set([MarkBox(x: 0, y: 0, width: 1, height: 1, alarming: false)])
        let frame = try Self.frame(through: marks, set: [])
        #expect(Set(frame.luma).count == 1)
    }

    @Test func boxesNotRenewedWithinTheirLifetimeAreNotDrawn() async throws {
        let marks = OverlayMarks(lifetimeNanoseconds: 100_000_000)
        marks.set([MarkBox(x: 0, y: 0, width: 1, height: 1, alarming: false)])
        #expect(marks.current.count == 1)
        try await Task.sleep(for: .milliseconds(200))
        let frame = try Self.frame(through: marks, set: nil)
        #expect(Set(frame.luma).count == 1, "an analysis that stopped leaves no box on the call")
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
