import Testing
@testable import VigilCore

/// The ways a face can be "looking away", each just past its default limit
/// (yaw 30°, pitch 35°, horizontal gaze offset 0.25).
enum AwayCause: String, CaseIterable, Sendable {
    case yawLeft, yawRight, pitchUp, pitchDown, gaze

    var face: FaceObservation {
        switch self {
        case .yawLeft: .candidate(yaw: 31)
        case .yawRight: .candidate(yaw: -31)
        case .pitchUp: .candidate(pitch: 36)
        case .pitchDown: .candidate(pitch: -36)
        case .gaze: .candidate(gaze: Gaze(x: -0.26, y: 0))
        }
    }
}

@Suite("Looking away: an event when it lasts longer than 5 s")
struct LookingAwayRuleTests {
    /// The candidate looks away from 2 s for `held` seconds, then back at the screen.
    func lookAway(_ cause: AwayCause, for held: Double, thresholds: RuleThresholds = .standard) -> RuleRun {
        simulate(seconds: 12, thresholds: thresholds) { t in
            frame(t, faces: [holding(t, from: 2, for: held) ? cause.face : .candidate()])
        }
    }

    @Test("held for exactly 5.0 s raises nothing", arguments: AwayCause.allCases)
    func exactlyAtThreshold(cause: AwayCause) {
        let run = lookAway(cause, for: 5.0)
        #expect(run.transitions.isEmpty)
        #expect(run.atFinish.isEmpty)
    }

    @Test("held for 5.2 s raises one event at the first frame past 5 s", arguments: AwayCause.allCases)
    func justOverThreshold(cause: AwayCause) throws {
        let run = lookAway(cause, for: 5.2)
        #expect(run.startedKinds == [.lookingAway])
        let event = try #require(run.started(.lookingAway).first)
        #expect(event.start == 2.0)
        #expect(approx(event.flaggedAt, 7.1))
        #expect(event.end == nil)
    }

    @Test("the event ends at the first frame the candidate looks back")
    func endsWhenLookingBack() throws {
        let run = lookAway(.yawLeft, for: 5.2)
        let ended = try #require(run.ended(.lookingAway).first)
        #expect(approx(try #require(ended.end), 7.3))
        #expect(approx(ended.flaggedAt, 7.1))
    }

    @Test("a head turned exactly to the yaw limit is not looking away")
    func atTheYawLimit() {
        let run = simulate(seconds: 12) { t in frame(t, faces: [.candidate(yaw: 30)]) }
        #expect(run.transitions.isEmpty)
    }

    @Test("a face without pose or gaze measurements neither starts nor stops looking away")
    func unmeasuredFace() {
        let blind = FaceObservation(box: Box(x: 0.3, y: 0.2, width: 0.4, height: 0.5), score: 0.9)
        // Away 2...4 s, unmeasured 4...9 s, away again 9...10 s: only 3 s of evidence,
        // but the unmeasured stretch does not count as looking back either.
        let run = simulate(seconds: 10) { t in
            if holding(t, from: 4, for: 4.9) { return frame(t, faces: [blind]) }
            return frame(t, faces: [t >= 2 ? AwayCause.yawLeft.face : .candidate()])
        }
        let event = run.started(.lookingAway).first
        #expect(event?.start == 2.0)
        #expect(event.map { approx($0.flaggedAt, 9.0) } == true)
    }

    @Test("the largest face is the one judged")
    func largestFaceJudged() {
        let turnedBystander = FaceObservation(
            box: Box(x: 0.8, y: 0.1, width: 0.1, height: 0.1), score: 0.9, yaw: 80)
        let run = simulate(seconds: 12) { t in frame(t, faces: [turnedBystander, .candidate()]) }
        #expect(run.started(.lookingAway).isEmpty)
        #expect(run.started(.multipleFaces).count == 1)
    }

    @Test("losing the face ends looking away: no face is not looking away")
    func noFaceEndsLookingAway() throws {
        // Away from 1 s, the event starts at 6.1 s; the face disappears at 8 s.
        let run = simulate(seconds: 12) { t in
            if t > 7.95 { return frame(t, faces: []) }
            return frame(t, faces: [t >= 1 ? AwayCause.yawLeft.face : .candidate()])
        }
        let ended = try #require(run.ended(.lookingAway).first)
        #expect(approx(try #require(ended.end), 8.0))
        #expect(run.closedAtFinish(.lookingAway).isEmpty)
    }

    @Test("confidence is 0.5 just past the limit and reaches 1 at twice the limit")
    func confidenceScale() {
        let t = RuleThresholds.standard
        let atDouble = FrameJudgement(frame(0, faces: [.candidate(yaw: 60)]), thresholds: t)
        let atOneAndHalf = FrameJudgement(frame(0, faces: [.candidate(yaw: 45)]), thresholds: t)
        let ahead = FrameJudgement(frame(0), thresholds: t)
        #expect(atDouble.lookingAway == .init(holds: true, confidence: 1))
        #expect(atOneAndHalf.lookingAway == .init(holds: true, confidence: 0.75))
        #expect(ahead.lookingAway == .init(holds: false, confidence: 0))
    }
}

@Suite("Looking away: what counts in one frame")
struct LookingAwayFrameTests {
    @Test("vertical gaze alone never counts as looking away, however large")
    func verticalGazeIgnored() {
        let face = FaceObservation.candidate(gaze: Gaze(x: 0, y: -0.9))
        let judgement = FrameJudgement(Observation(time: 0, faces: [face]), thresholds: .standard)
        #expect(judgement.lookingAway.holds == false)
    }

    @Test("horizontal gaze at the limit does not count; just past it does, either side")
    func horizontalGazeLimit() {
        func away(_ x: Double) -> Bool? {
            FrameJudgement(Observation(time: 0, faces: [.candidate(gaze: Gaze(x: x, y: 0))]), thresholds: .standard).lookingAway.holds
        }
        #expect(away(0.25) == false)
        #expect(away(0.26) == true)
        #expect(away(-0.26) == true)
    }
}
