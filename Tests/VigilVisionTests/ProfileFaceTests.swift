import Foundation
import Testing
import VigilCore
import VigilVision

/// CenterFace beside BlazeFace (issue 11): a second person in side profile at the frame's border
/// is counted, and the candidate is never counted twice, in live-sized frames analysed as the
/// live loop does (one face pass, no tiles; CenterFace runs on the object detector's frames).
@Suite("Faces in side profile at the border, and no double count")
struct ProfileFaceTests {
    static let turnedPair = "faces/turned/bearded_man_three_quarter_turned_plus_partial_profile.jpg"

    func analyzer(profileFaces: Bool = true) throws -> FrameAnalyzer {
        var configuration = AnalyzerConfiguration(modelsDirectory: TestPaths.models)
        configuration.profileFaceSearch = profileFaces
        return try FrameAnalyzer(configuration: configuration)
    }

    func frame(_ photo: String) throws -> VideoFrame {
        try Image(contentsOf: TestPaths.photo(photo)).fitted(width: 640, height: 480).frame(time: 0)
    }

    @Test("a man in side profile cut by the left border, beside a man facing the camera: two faces on an object frame")
    func profileAtTheBorder() throws {
        let observation = try analyzer().analyze(try frame(Self.turnedPair), objects: true)
        #expect(observation.faces.count == 2, "\(observation.faces.map(\.box))")
        #expect(observation.faces.contains { $0.box.x < 0.05 && $0.yaw == nil }, "no unmeasured face at the left border: \(observation.faces.map(\.box))")
        #expect(FrameJudgement(observation, thresholds: .standard).multipleFaces.holds == true)
    }

    @Test("without CenterFace the same frame shows one face (what it adds)")
    func blazeFaceAlone() throws {
        let observation = try analyzer(profileFaces: false).analyze(try frame(Self.turnedPair), objects: true)
        #expect(observation.faces.count == 1, "\(observation.faces.map(\.box))")
    }

    @Test("frames without the object detector stay BlazeFace's alone (CenterFace's cost is kept to object frames)")
    func onlyOnObjectFrames() throws {
        let observation = try analyzer().analyze(try frame(Self.turnedPair), objects: false)
        #expect(observation.faces.count == 1, "\(observation.faces.map(\.box))")
    }

    /// Both webcam clips (one man facing the camera, glancing left and right), a frame every
    /// 0.5 s, each analysed as an object frame: CenterFace finds him too, and must merge with
    /// BlazeFace's face rather than count him twice.
    @Test("one man on the webcam clips, every 0.5 s: exactly one face in every frame")
    func noDoubleCount() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-profile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for clip in ["gaze_center_left_center_15s", "gaze_center_right_center_15s"] {
            let ffmpeg = Process()
            ffmpeg.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
            ffmpeg.arguments = ["-v", "error", "-nostdin", "-i", TestPaths.photo("video/\(clip).mp4"), "-vf", "fps=2",
                                folder.appendingPathComponent("\(clip)-%02d.png").path]
            try ffmpeg.run()
            ffmpeg.waitUntilExit()
            try #require(ffmpeg.terminationStatus == 0, "ffmpeg could not take frames out of \(clip)")
        }
        let analyzer = try analyzer()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names.count >= 50)
        var wrong: [String] = []
        for name in names {
            let frame = try Image(contentsOf: folder.appendingPathComponent(name).path).frame(time: 0)
            let faces = try analyzer.analyze(frame, objects: true).faces.count
            if faces != 1 { wrong.append("\(name): \(faces) faces") }
        }
        #expect(wrong.isEmpty, "\(wrong)")
    }
}
