import Testing
import VigilMedia

/// The analysis size: fit 640x480 in the frame's own orientation, keep the aspect, never enlarge.
@Suite("FrameSizeLimit")
struct FrameSizeLimitTests {
    @Test("fits each orientation in 640x480 or 480x640, aspect kept, even sizes", arguments: [
        (1920, 1080, 640, 360),
        (1080, 1920, 360, 640),
        (3840, 2160, 640, 360),
        (848, 480, 640, 362),
        (480, 848, 362, 640),
        (1280, 1024, 600, 480),
        (640, 480, 640, 480),
    ])
    func fits(width: Int, height: Int, expectedWidth: Int, expectedHeight: Int) {
        let size = FrameSizeLimit.analysis.fitting(width: width, height: height)
        #expect(size.width == expectedWidth && size.height == expectedHeight)
    }

    @Test("smaller frames are left alone, odd sizes included")
    func neverEnlarges() {
        let size = FrameSizeLimit.analysis.fitting(width: 321, height: 241)
        #expect(size.width == 321 && size.height == 241)
    }
}
