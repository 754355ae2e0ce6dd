import Foundation
import Testing
import VigilCore
import VigilVision

/// Issue 11's "four people a few metres away → 0 faces", in a live call's frame: the photo fitted
/// into 640x480 and analysed as the live loop does (one face pass, no tiles, objects on).
@Suite("Faces at a distance in a 640x480 frame")
struct FarFaceTests {
    func observe(_ photo: String, farFaces: Bool = true, profileFaces: Bool = true) throws -> Observation {
        var configuration = AnalyzerConfiguration(modelsDirectory: TestPaths.models)
        configuration.farFaceSearch = farFaces
        configuration.profileFaceSearch = profileFaces
        let analyzer = try FrameAnalyzer(configuration: configuration)
        let path = TestPaths.repository.appendingPathComponent("tests/media").appendingPathComponent(photo).path
        let frame = try Image(contentsOf: path).fitted(width: 640, height: 480).frame(time: 0)
        return try analyzer.analyze(frame, objects: true)
    }

    @Test("four people standing a few metres away: several faces, and several people by the person count")
    func fourPeople() throws {
        let observation = try observe("faces/distance/four_people_standing_few_metres.jpg")
        #expect(observation.faces.count >= 2, "\(observation.faces.count) faces")
        let judgement = FrameJudgement(observation, thresholds: .standard)
        #expect(judgement.multipleFaces.holds == true)
        #expect(judgement.people >= 4, "\(judgement.people) people")
    }

    /// CenterFace (which also finds these faces on the object detector's frames) is left out of
    /// both, so that the difference is the full-range detector's.
    @Test("without the full-range detector the same frame shows fewer faces (what it adds)")
    func shortRangeAlone() throws {
        let with = try observe("faces/distance/four_people_standing_few_metres.jpg", profileFaces: false).faces.count
        let without = try observe("faces/distance/four_people_standing_few_metres.jpg", farFaces: false, profileFaces: false).faces.count
        print("far faces, 640x480: short range alone \(without) faces, with full range \(with)")
        #expect(without < with, "short range alone \(without), with full range \(with)")
    }
}
