import Testing
@testable import VigilCore

@Suite("No face: an event when it lasts longer than 10 s")
struct NoFaceRuleTests {
    /// The candidate leaves at 2 s for `held` seconds.
    func leave(for held: Double) -> RuleRun {
        simulate(seconds: 16) { t in
            frame(t, faces: holding(t, from: 2, for: held) ? [] : [.candidate()])
        }
    }

    @Test("absent for 9.9 s or exactly 10.0 s raises nothing", arguments: [9.9, 10.0])
    func atOrBelowThreshold(held: Double) {
        let run = leave(for: held)
        #expect(run.transitions.isEmpty)
        #expect(run.atFinish.isEmpty)
    }

    @Test("absent for 10.2 s raises one event at onset + 10.1 s, with full confidence")
    func justOverThreshold() throws {
        let run = leave(for: 10.2)
        #expect(run.startedKinds == [.noFace])
        let event = try #require(run.started(.noFace).first)
        #expect(event.start == 2.0)
        #expect(approx(event.flaggedAt, 12.1))
        #expect(event.confidence == 1)
    }
}

@Suite("Several faces: an event once they have lasted at least 2 s")
struct MultipleFacesRuleTests {
    /// A second person is in view from 3 s for `held` seconds.
    func visit(for held: Double, bystanderScore: Double = 0.8) -> RuleRun {
        simulate(seconds: 8) { t in
            frame(t, faces: holding(t, from: 3, for: held)
                ? [.candidate(), .bystander(score: bystanderScore)] : [.candidate()])
        }
    }

    @Test("two faces for 1.9 s raise nothing")
    func belowThreshold() {
        let run = visit(for: 1.9)
        #expect(run.transitions.isEmpty)
    }

    @Test("two faces for exactly 2.0 s raise an event: the threshold is inclusive")
    func atThresholdInclusive() throws {
        let run = visit(for: 2.0)
        #expect(run.startedKinds == [.multipleFaces])
        let event = try #require(run.started(.multipleFaces).first)
        #expect(event.start == 3.0)
        #expect(event.flaggedAt == 5.0)
    }

    @Test("confidence is the score of the second most confident face")
    func confidenceIsSecondBestScore() throws {
        let run = visit(for: 3, bystanderScore: 0.6)
        let event = try #require(run.ended(.multipleFaces).first)
        #expect(event.confidence == 0.6)
    }
}

@Suite("Eyes closed: an event when they stay closed longer than 3 s")
struct EyesClosedRuleTests {
    /// The candidate's eyes are `eyesOpen` open from 1 s for `held` seconds.
    func closeEyes(for held: Double, eyesOpen: Double = 0.1) -> RuleRun {
        simulate(seconds: 8) { t in
            frame(t, faces: [holding(t, from: 1, for: held) ? .candidate(eyesOpen: eyesOpen) : .candidate()])
        }
    }

    @Test("closed for exactly 3.0 s raises nothing")
    func exactlyAtThreshold() {
        #expect(closeEyes(for: 3.0).transitions.isEmpty)
    }

    @Test("closed for 3.2 s raises one event at onset + 3.1 s")
    func justOverThreshold() throws {
        let run = closeEyes(for: 3.2)
        #expect(run.startedKinds == [.eyesClosed])
        let event = try #require(run.started(.eyesClosed).first)
        #expect(event.start == 1.0)
        #expect(approx(event.flaggedAt, 4.1))
    }

    @Test("eyes open exactly at the eyesClosedBelow limit are not closed")
    func atTheLimit() {
        #expect(closeEyes(for: 6, eyesOpen: 0.25).transitions.isEmpty)
    }

    @Test("eyes just below the eyesClosedBelow limit are closed")
    func justBelowTheLimit() {
        #expect(closeEyes(for: 6, eyesOpen: 0.24).startedKinds == [.eyesClosed])
    }

    @Test("confidence is 1 when fully shut and 0.75 halfway to the limit")
    func confidenceScale() throws {
        let shut = try #require(closeEyes(for: 4, eyesOpen: 0).ended(.eyesClosed).first)
        let half = try #require(closeEyes(for: 4, eyesOpen: 0.125).ended(.eyesClosed).first)
        #expect(shut.confidence == 1)
        #expect(half.confidence == 0.75)
    }
}
