import Testing
@testable import VigilCore

/// Faces counted but not measured by the face mesh (CenterFace's side profiles, found on the
/// object detector's frames only, issue 11): they count for several people and never stand in
/// for the candidate's measured face.
@Suite("Faces counted without a mesh")
struct UnmeasuredFaceTests {
    /// A bystander's side profile beside the candidate: a larger box than hers, no pose, no eyes.
    static let profile = FaceObservation(box: Box(x: 0, y: 0.1, width: 0.3, height: 0.8), score: 0.75)

    @Test("the primary face is the largest measured one, even beside a larger unmeasured face")
    func primaryIsMeasured() {
        let observation = frame(0, faces: [.candidate(yaw: 50), Self.profile])
        #expect(observation.primaryFace?.yaw == 50)
        #expect(FrameJudgement(observation, thresholds: .standard).lookingAway.holds == true)
    }

    @Test("with no measured face in view, the unmeasured one is still the primary face (nothing to judge pose by)")
    func onlyUnmeasured() {
        let observation = frame(0, faces: [Self.profile])
        #expect(observation.primaryFace == Self.profile)
        #expect(FrameJudgement(observation, thresholds: .standard).lookingAway.holds == nil)
    }

    @Test("a second face seen on every third frame (the object detector's) for 4 s raises one several-people event over its span")
    func secondFaceOnObjectFramesOnly() {
        let run = simulate(seconds: 10) { t in
            let objectFrame = Int((t * framesPerSecond).rounded()) % 3 == 0
            let faces: [FaceObservation] = holding(t, from: 2, for: 4) && objectFrame ? [.candidate(), Self.profile] : [.candidate()]
            return frame(t, faces: faces, analyzed: objectFrame)
        }
        let events = run.started(.multipleFaces)
        #expect(events.count == 1)
        #expect(abs((events.first?.start ?? 0) - 2.1) <= 0.2, "started at \(events.first?.start ?? -1) s")
        #expect(run.ended(.multipleFaces).count == 1)
    }
}
