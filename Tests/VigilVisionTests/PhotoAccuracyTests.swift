import Foundation
import Testing
import VigilCore
import VigilVision

/// Accuracy floors over every labelled photo: ../shared/media/labels.json and the project's own
/// tests/media/labels.json (people at a distance). `make bench` prints the same evaluation as
/// per-category figures and confusion tables. The floors are issue 11's (face class ≥ 97 %,
/// looking away ≥ 90 %, every labelled phone / laptop / screen found, ≤ 1 false object; the
/// exact face count ≥ 80 % is the project's own).
@Suite("Detector accuracy on the labelled photos")
struct PhotoAccuracyTests {
    static let labelFiles = [TestPaths.media.appendingPathComponent("labels.json").path,
                             TestPaths.repository.appendingPathComponent("tests/media/labels.json").path]

    /// Evaluated once for the suite: the detectors take a few seconds over all photos.
    static let evaluation: Result<PhotoAccuracy, any Error> = Result {
        let analyzer = try FrameAnalyzer(configuration: AnalyzerConfiguration(modelsDirectory: TestPaths.models))
        return try PhotoAccuracy(labelsFiles: labelFiles, analyzer: analyzer)
    }

    func accuracy() throws -> PhotoAccuracy { try Self.evaluation.get() }

    func describe(_ results: [PhotoAccuracy.Result]) -> String {
        results.map {
            "\($0.file): faces \($0.faces)/\($0.label.faces) (people \($0.people), class \($0.faceClass)), away \($0.lookingAway)/\(String(describing: $0.label.lookingAway)), objects \($0.raisedObjects.sorted())/\($0.label.objects)"
        }.joined(separator: "\n")
    }

    /// Photos labelled in each file (videos apart), counted from the files themselves.
    static func labelledPhotos() throws -> Int {
        try labelFiles.reduce(0) { total, file in
            let labels = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: [String: Any]] ?? [:]
            return total + labels.values.filter { ($0["video"] as? Bool) != true }.count
        }
    }

    @Test("every labelled photo of both sets is evaluated")
    func coversAllPhotos() throws {
        let accuracy = try accuracy()
        #expect(accuracy.results.count == (try Self.labelledPhotos()))
        #expect(accuracy.results.contains { $0.file.hasPrefix("faces/distance/") })
    }

    /// Issue 11's 97 %. The second man of `bearded_man_three_quarter_turned_plus_partial_profile.jpg`
    /// (a side profile cut by the left border, which neither BlazeFace model finds) is found by
    /// CenterFace, which runs on photos and on the object detector's frames.
    @Test("face class (no face / one / several) is right on at least 97 % of photos")
    func faceClass() throws {
        let accuracy = try accuracy()
        let rate = accuracy.rate { $0.faceClassRight }
        #expect(rate >= 0.97, "\(rate)\n\(describe(accuracy.results.filter { !$0.faceClassRight }))")
    }

    @Test("people a few metres away are seen as several people (the full-range face detector and the person count)")
    func peopleAtADistance() throws {
        let far = try accuracy().results.filter { $0.file.hasPrefix("faces/distance/") }
        #expect(!far.isEmpty)
        #expect(far.allSatisfy { $0.severalPeople && $0.faces >= 2 }, "\(describe(far))")
    }

    @Test("the exact face count is right on at least 80 % of photos")
    func faceCount() throws {
        let accuracy = try accuracy()
        let rate = accuracy.rate { $0.faceCountRight }
        #expect(rate >= 0.80, "\(rate)\n\(describe(accuracy.results.filter { !$0.faceCountRight }))")
    }

    @Test("looking away is judged right on at least 90 % of the photos labelled for it")
    func lookingAway() throws {
        let accuracy = try accuracy()
        let rate = accuracy.rate { $0.lookingAwayRight }
        #expect(rate >= 0.90, "\(rate)\n\(describe(accuracy.results.filter { $0.lookingAwayRight == false }))")
    }

    @Test("every labelled phone, laptop and tv is found on photos at least 320 px wide")
    func objectsFound() throws {
        let accuracy = try accuracy()
        let missed = accuracy.results.filter { $0.width >= 320 && !$0.missedObjects.isEmpty }
        #expect(missed.isEmpty, "\(describe(missed))")
    }

    /// The one false object the floor allows is YOLOX-Nano calling a handheld stage microphone a
    /// "cell phone" (0.57 here, 0.71 in ../shared/notes/models.md).
    @Test("at most one forbidden object is raised that the labels do not list, over the whole set")
    func falseObjects() throws {
        let accuracy = try accuracy()
        let wrong = accuracy.results.filter { !$0.extraObjects.isEmpty }
        let count = wrong.reduce(0) { $0 + $1.extraObjects.count }
        #expect(count <= 1, "\(describe(wrong))")
    }
}
