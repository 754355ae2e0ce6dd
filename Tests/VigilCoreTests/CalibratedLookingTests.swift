import Testing
@testable import VigilCore

@Suite("Looking away and down, judged against the candidate's own neutral pose")
struct CalibratedLookingTests {
    /// The candidate sits at `neutral` (pitch, yaw) except from 10 s for `held` seconds at `away`.
    func run(neutral: (Double, Double), away: (Double, Double), held: Double) -> RuleRun {
        simulate(seconds: 30) { t in
            let pose = holding(t, from: 10, for: held) ? away : neutral
            return frame(t, faces: [.candidate(yaw: pose.1, pitch: pose.0)])
        }
    }

    @Test("the neutral pose is the median of the first 5 s, glances past the limits left out")
    func learnsTheMedian() {
        var pose = NeutralPose(thresholds: .standard)
        for index in 0...60 {
            let t = frameTime(index)
            let glance = holding(t, from: 1, for: 1)
            pose.observe(time: t, pitch: glance ? -40 : 12, yaw: glance ? 45 : -4)
        }
        #expect(pose.calibrated)
        #expect(pose.reference == NeutralPose.Angles(pitch: 12, yaw: -4))
    }

    @Test("a neutral pose far from straight ahead is not trusted")
    func untrustedNeutral() {
        var pose = NeutralPose(thresholds: .standard)
        for index in 0...60 { pose.observe(time: frameTime(index), pitch: 28, yaw: 0) }
        #expect(!pose.calibrated)
        #expect(pose.reference == .straightAhead)
    }

    @Test("camera below the screen (neutral pitch +15°): a look 23° down for 8 s is looking down")
    func lookingDownFromARaisedNeutral() throws {
        let result = run(neutral: (15, 0), away: (-8, 0), held: 8)
        let event = try #require(result.started(.lookingAway).first)
        #expect(result.started(.lookingAway).count == 1)
        #expect(event.evidence == "looking down")
        #expect(abs(event.start - 10) <= 0.2)
    }

    @Test("the same pitch of −8° from a straight-ahead neutral is not looking down")
    func smallDropIsNot() {
        let result = run(neutral: (0, 0), away: (-8, 0), held: 8)
        #expect(result.transitions.isEmpty)
    }

    @Test("a look 15° below neutral stays under the 20° looking-down limit")
    func underTheDownLimit() {
        let result = run(neutral: (5, 0), away: (-10, 0), held: 8)
        #expect(result.transitions.isEmpty)
    }

    @Test("camera beside the screen (neutral yaw 15°): a turn to −20° (35° from neutral) is looking away")
    func yawAgainstNeutral() throws {
        let result = run(neutral: (0, 15), away: (0, -20), held: 8)
        #expect(result.started(.lookingAway).count == 1)
        #expect(result.started(.lookingAway).first?.evidence == nil)
    }

    @Test("sitting steadily at the neutral pose for the whole call raises nothing")
    func steadyNeutral() {
        let result = run(neutral: (-18, 12), away: (-18, 12), held: 0)
        #expect(result.transitions.isEmpty)
        #expect(result.atFinish.isEmpty)
    }
}

@Suite("Several people: faces, or person boxes for people without a detectable face")
struct PersonCountTests {
    @Test("one face and two person boxes for 4 s raise a several-people event")
    func personWithoutFace() {
        let run = simulate(seconds: 10) { t in
            let analysed = Int((t * framesPerSecond).rounded()) % 3 == 0
            let people = holding(t, from: 2, for: 4) ? [detection("person", score: 0.9), detection("person", score: 0.7)] : [detection("person", score: 0.9)]
            return frame(t, objects: analysed ? people : [], analyzed: analysed)
        }
        #expect(run.started(.multipleFaces).count == 1)
        #expect(run.started(.multipleFaces).first?.evidence == "2 people seen by the object detector, 1 face(s)")
        #expect(run.ended(.multipleFaces).count == 1)
    }

    @Test("a second person box below the person score does not count")
    func weakPerson() {
        let run = simulate(seconds: 10) { t in
            frame(t, objects: [detection("person", score: 0.9), detection("person", score: 0.4)])
        }
        #expect(run.started(.multipleFaces).isEmpty)
    }
}
