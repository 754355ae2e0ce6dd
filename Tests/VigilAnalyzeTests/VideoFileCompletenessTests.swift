import Testing
@testable import VigilMedia

/// When a file whose frames stop early counts as truncated.
@Suite("VideoFileCompleteness")
struct VideoFileCompletenessTests {
    @Test("frames stopping at half the announced duration are a shortfall, with both times")
    func half() throws {
        let problem = try #require(VideoFileCompleteness.shortfall(lastFrame: 7.2, frameInterval: 1.0 / 24, duration: 15.33))
        #expect(problem.contains("7.2 s") && problem.contains("15.3 s"))
    }

    @Test("a complete file, or one ending within the allowance, is fine", arguments: [
        (15.29, 15.33),  // the last frame of the gaze clip
        (14.4, 15.33),  // audio outlasting the video by under a second
        (95.5, 100.0),  // under 5 % of a long file
    ])
    func complete(lastFrame: Double, duration: Double) {
        #expect(VideoFileCompleteness.shortfall(lastFrame: lastFrame, frameInterval: 1.0 / 24, duration: duration) == nil)
    }

    @Test("just past the allowance is a shortfall")
    func pastAllowance() {
        #expect(VideoFileCompleteness.shortfall(lastFrame: 94, frameInterval: 0.04, duration: 100) != nil)
        #expect(VideoFileCompleteness.shortfall(lastFrame: 13.5, frameInterval: 0.04, duration: 15.33) != nil)
    }

    @Test("no duration: nothing to judge; no frame at all with a duration: a shortfall")
    func edges() {
        #expect(VideoFileCompleteness.shortfall(lastFrame: 3, frameInterval: nil, duration: nil) == nil)
        #expect(VideoFileCompleteness.shortfall(lastFrame: nil, frameInterval: nil, duration: 10) != nil)
    }
}
