import Foundation
import Testing
import VigilGStreamer
@testable import VigilMedia

/// Box labels ("phone 0.82") painted into real camera pictures through the relay's overlay probe:
/// every lit pixel of the font is drawn where it belongs, the gaps between strokes keep the
/// strip's colour, and a box at the top of the frame gets its label inside.
@Suite(.serialized) struct OverlayLabelTests {
    static let photo = "/work/shared/media/objects/phone/woman_on_bus_phone_at_ear_head_turned.jpg"

    /// `photo` decoded and scaled to 640x480 I420, through `alert_overlay` with `boxes`; the planes read back.
    static func frame(of photo: String, boxes: [MarkBox]) throws -> (luma: [UInt8], u: [UInt8], v: [UInt8]) {
        let description = "filesrc location=\"\(photo)\" ! decodebin ! videoconvert ! videoscale "
            + "! video/x-raw,format=I420,width=640,height=480 ! textoverlay name=alert_overlay text=\"\" ! appsink name=out sync=false"
        let pipeline = try Pipeline(launching: description)
        let sink = AppSink(try pipeline.element(named: "out"))
        defer { pipeline.stopNow(releasing: [sink.element]) }
        let marks = OverlayMarks()
        marks.install(on: pipeline.element)
        marks.set(boxes)
        _ = pipeline.play()
        guard let sample = sink.pullSample(timeoutNanoseconds: 10_000_000_000) else { throw TestFailure("no frame from \(photo)") }
        defer { sample.release() }
        let bytes = try #require(sample.rawBytes, "could not map the frame")
        let lumaSize = 640 * 480, chromaSize = 320 * 240
        return (Array(bytes[0..<lumaSize]), Array(bytes[lumaSize..<(lumaSize + chromaSize)]),
                Array(bytes[(lumaSize + chromaSize)..<(lumaSize + 2 * chromaSize)]))
    }

    /// The luma of each font pixel of `label` as the painter lays it out from the strip's corner:
    /// (x, y, lit) for the centre pixel of every glyph cell.
    static func glyphCells(_ label: String, stripX: Int, stripY: Int, scale: Int) -> [(x: Int, y: Int, lit: Bool)] {
        var cells: [(x: Int, y: Int, lit: Bool)] = []
        for (index, character) in label.enumerated() {
            let rows = GlyphFont.rows(of: character) ?? Array(repeating: 0, count: GlyphFont.height)
            for (row, bits) in rows.enumerated() {
                for column in 0..<GlyphFont.width {
                    let x = stripX + scale + index * (GlyphFont.width + 1) * scale + column * scale
                    cells.append((x, stripY + scale + row * scale, bits & (1 << (GlyphFont.width - 1 - column)) != 0))
                }
            }
        }
        return cells
    }

    @Test func paintsTheLabelTextOnTheBoxTopEdgeOfARealPhoto() throws {
        // A phone box in the lower half of the picture: the label strip sits above its top edge.
        let box = MarkBox(x: 0.3, y: 0.5, width: 0.3, height: 0.3, alarming: true, label: "phone 0.82")
        let plain = try Self.frame(of: Self.photo, boxes: [])
        let drawn = try Self.frame(of: Self.photo, boxes: [box])
        let scale = 2  // 480 lines
        let stripHeight = (GlyphFont.height + 2) * scale
        let stripX = 192, stripY = 240 - stripHeight  // box left 0.3*640, top 0.5*480
        // VIGIL_SAVE_OVERLAY_FRAME=FILE.yuv keeps the drawn frame (raw I420 640x480) for a person to look at.
        if let keep = ProcessInfo.processInfo.environment["VIGIL_SAVE_OVERLAY_FRAME"] {
            try Data(drawn.luma + drawn.u + drawn.v).write(to: URL(fileURLWithPath: keep))
        }
        let cells = Self.glyphCells("phone 0.82", stripX: stripX, stripY: stripY, scale: scale)
        let lit = cells.filter(\.lit), dark = cells.filter { !$0.lit }
        #expect(lit.count > 80, "the label has strokes to check (\(lit.count))")
        #expect(lit.allSatisfy { drawn.luma[$0.y * 640 + $0.x] == LabelPainter.text.y }, "every stroke pixel is light")
        #expect(dark.allSatisfy { drawn.luma[$0.y * 640 + $0.x] == MarkPainter.alarm.y }, "gaps keep the strip's alarm colour")
        #expect(drawn.v[(stripY / 2 + 1) * 320 + stripX / 2] == MarkPainter.alarm.v, "the strip is red")
        let changed = lit.filter { plain.luma[$0.y * 640 + $0.x] != drawn.luma[$0.y * 640 + $0.x] }.count
        #expect(changed > lit.count / 2, "the strokes differ from the photo underneath (\(changed) of \(lit.count))")
        // Nothing is painted above the strip or right of the text.
        let above = (stripY - 4) * 640
        #expect(Array(drawn.luma[(above + stripX)..<(above + stripX + 120)]) == Array(plain.luma[(above + stripX)..<(above + stripX + 120)]))
    }

    @Test func aBoxAtTheTopOfTheFrameGetsItsLabelInside() throws {
        let box = MarkBox(x: 0.1, y: 0.0, width: 0.5, height: 0.5, alarming: false, label: "face 0.97")
        let drawn = try Self.frame(of: Self.photo, boxes: [box])
        let cells = Self.glyphCells("face 0.97", stripX: 64, stripY: 0, scale: 2)
        #expect(cells.filter(\.lit).allSatisfy { drawn.luma[$0.y * 640 + $0.x] == LabelPainter.text.y })
        #expect(cells.filter { !$0.lit }.allSatisfy { drawn.luma[$0.y * 640 + $0.x] == MarkPainter.normal.y }, "a green strip")
    }

    @Test func aBoxWithoutALabelDrawsOnlyItsOutline() throws {
        let unlabelled = try Self.frame(of: Self.photo, boxes: [MarkBox(x: 0.3, y: 0.5, width: 0.3, height: 0.3, alarming: true)])
        let plain = try Self.frame(of: Self.photo, boxes: [])
        let row = (240 - 10) * 640  // where a label strip would be
        #expect(Array(unlabelled.luma[(row + 192)..<(row + 300)]) == Array(plain.luma[(row + 192)..<(row + 300)]))
    }

    @Test func everyFontGlyphIsFiveColumnsBySevenRows() {
        for character in "abcdefghijklmnopqrstuvwxyz0123456789.-%:" {
            let rows = GlyphFont.rows(of: character)
            #expect(rows?.count == GlyphFont.height, "\(character)")
            #expect(rows?.allSatisfy { $0 < 32 } == true, "\(character)")
            #expect(rows?.contains { $0 != 0 } == true, "\(character) has strokes")
        }
    }
}
