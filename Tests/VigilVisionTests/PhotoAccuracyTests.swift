import Foundation
import Testing
import VigilCore
import VigilVision

/// Accuracy floors over every labelled photo in ../shared/media/labels.json. `make bench` prints
/// the same evaluation as a table.
@Suite("Detector accuracy on the labelled photos")
struct PhotoAccuracyTests {
    /// Evaluated once for the suite: the detectors take a few seconds over all photos.
    static let evaluation: Result<PhotoAccuracy, any Error> = Result {
        let analyzer = try FrameAnalyzer(configuration: AnalyzerConfiguration(modelsDirectory: TestPaths.models))
        return try PhotoAccuracy(labelsFile: TestPaths.media.appendingPathComponent("labels.json").path,
                                 analyzer: analyzer, objectMinimumScore: RuleThresholds.standard.objectMinScore)
    }

    func accuracy() throws -> PhotoAccuracy { try Self.evaluation.get() }

    func describe(_ results: [PhotoAccuracy.Result]) -> String {
        results.map { "\($0.file): faces \($0.faces)/\($0.label.faces), away \($0.lookingAway)/\($0.label.lookingAway), objects \($0.forbiddenObjects.sorted())/\($0.label.objects)" }
            .joined(separator: "\n")
    }

    @Test("every labelled photo is evaluated (the labels list 23 photos and 2 clips)")
    func coversAllPhotos() throws {
        let accuracy = try accuracy()
        #expect(accuracy.results.count == 23)
    }

    @Test("face-count class (none / one / several) is right on at least 95 % of photos")
    func faceClass() throws {
        let accuracy = try accuracy()
        let rate = accuracy.rate(\.faceClassRight)
        #expect(rate >= 0.95, "\(rate)\n\(describe(accuracy.results.filter { !$0.faceClassRight }))")
    }

    @Test("the exact face count is right on at least 80 % of photos")
    func faceCount() throws {
        let accuracy = try accuracy()
        let rate = accuracy.rate(\.faceCountRight)
        #expect(rate >= 0.80, "\(rate)\n\(describe(accuracy.results.filter { !$0.faceCountRight }))")
    }

    @Test("looking away is judged right on at least 85 % of photos")
    func lookingAway() throws {
        let accuracy = try accuracy()
        let rate = accuracy.rate(\.lookingAwayRight)
        #expect(rate >= 0.85, "\(rate)\n\(describe(accuracy.results.filter { !$0.lookingAwayRight }))")
    }

    @Test("every labelled phone, laptop and tv is found on photos at least 320 px wide")
    func objectsFound() throws {
        let accuracy = try accuracy()
        let missed = accuracy.results.filter { $0.width >= 320 && !$0.missedObjects.isEmpty }
        #expect(missed.isEmpty, "\(describe(missed))")
    }

    /// The one false positive accepted, and why: YOLOX-Nano calls a handheld stage microphone a
    /// "cell phone" (0.57 here, 0.71 in ../shared/notes/models.md). The 3-of-5-frames rule does
    /// not help with a microphone held still; a better object model is the fix.
    static let acceptedFalseObjects = ["faces/turned/bearded_man_three_quarter_turned_plus_partial_profile.jpg": Set(["cell phone"])]

    @Test("no forbidden object is reported on photos without one, except the named microphone case")
    func noFalseObjects() throws {
        let accuracy = try accuracy()
        let wrong = accuracy.results.filter {
            $0.label.objects.isEmpty && !$0.forbiddenObjects.subtracting(Self.acceptedFalseObjects[$0.file] ?? []).isEmpty
        }
        #expect(wrong.isEmpty, "\(describe(wrong))")
    }
}
