import Testing
@testable import VigilCore

@Suite("Sustained conditions: gaps, session end, tuning and confidence")
struct SustainedConditionTests {
    let away = AwayCause.yawLeft.face

    @Test("an event still open when the session finishes is closed at the finish time")
    func openEventClosedAtFinish() throws {
        let run = simulate(seconds: 10) { t in frame(t, faces: [t >= 1 ? away : .candidate()]) }
        #expect(run.openBeforeFinish.map(\.kind) == [.lookingAway])
        let closed = try #require(run.closedAtFinish(.lookingAway).first)
        #expect(closed.end == 10.0)
        #expect(approx(closed.flaggedAt, 6.1))
    }

    @Test("finishing during an unfinished gap closes the event at the start of the gap")
    func finishDuringGap() throws {
        // Away 1...8 s, back at the screen from 8.1 s; the session ends at 8.5 s.
        let run = simulate(seconds: 8.5) { t in frame(t, faces: [t < 8.05 && t >= 1 ? away : .candidate()]) }
        #expect(run.ended(.lookingAway).isEmpty)
        let closed = try #require(run.closedAtFinish(.lookingAway).first)
        #expect(approx(try #require(closed.end), 8.1))
    }

    @Test("a gap shorter than releaseSeconds does not split the event")
    func shortGapDoesNotSplit() throws {
        // Away 1...8 s, back for 8.1...8.9 s (9 frames), away again 9...12 s.
        let run = simulate(seconds: 14) { t in
            frame(t, faces: [holding(t, from: 1, for: 7) || holding(t, from: 9, for: 3) ? away : .candidate()])
        }
        #expect(run.started(.lookingAway).count == 1)
        let ended = try #require(run.ended(.lookingAway).first)
        #expect(run.ended(.lookingAway).count == 1)
        #expect(approx(try #require(ended.end), 12.1))
    }

    @Test("a gap of releaseSeconds or more ends the event at the first frame of the gap")
    func longGapEndsEvent() throws {
        // Away 1...8 s, then back at the screen for good.
        let run = simulate(seconds: 14) { t in frame(t, faces: [holding(t, from: 1, for: 7) ? away : .candidate()]) }
        let ended = try #require(run.ended(.lookingAway).first)
        #expect(approx(try #require(ended.end), 8.1))
        #expect(run.closedAtFinish(.lookingAway).isEmpty)
    }

    @Test("the event ends on the first frame at which the gap has lasted releaseSeconds")
    func endsWhenGapReachesRelease() {
        var engine = RuleEngine()
        for t in stride(from: 0.0, through: 7, by: 0.5) { _ = engine.process(frame(t, faces: [away])) }
        #expect(engine.process(frame(8)).isEmpty)
        #expect(engine.process(frame(8.5)).isEmpty)
        let ended = engine.process(frame(9))
        #expect(ended.map(\.event.kind) == [.lookingAway])
        #expect(ended.first?.event.end == 8)
    }

    @Test("after a gap of releaseSeconds a new episode needs the full threshold again")
    func newEpisodeAfterRelease() throws {
        // Away 1...8 s, back for 1.5 s, away again from 9.6 s for 5.5 s.
        let run = simulate(seconds: 17) { t in
            frame(t, faces: [holding(t, from: 1, for: 7) || holding(t, from: 9.6, for: 5.5) ? away : .candidate()])
        }
        let starts = run.started(.lookingAway)
        try #require(starts.count == 2)
        #expect(starts[1].start == 9.6)
        #expect(approx(starts[1].flaggedAt, 14.7))
    }

    @Test("a short gap before the threshold does not reset the clock")
    func shortGapWhilePending() throws {
        // Away 1...4 s, back 4.1...4.5 s, away again 4.6...7 s: the clock keeps the onset at 1 s.
        let run = simulate(seconds: 10) { t in
            frame(t, faces: [holding(t, from: 1, for: 3) || holding(t, from: 4.6, for: 2.4) ? away : .candidate()])
        }
        let event = try #require(run.started(.lookingAway).first)
        #expect(event.start == 1.0)
        #expect(approx(event.flaggedAt, 6.1))
    }

    @Test("a long gap before the threshold resets the clock")
    func longGapWhilePending() {
        // Away 1...4 s, back 4.1...5.5 s, away again 5.6...10 s: 4.4 s, no event.
        let run = simulate(seconds: 10) { t in
            frame(t, faces: [holding(t, from: 1, for: 3) || t > 5.55 ? away : .candidate()])
        }
        #expect(run.transitions.isEmpty)
    }

    @Test("lookingAwaySeconds = 2 raises an event once looking away lasts longer than 2 s")
    func configurableLookingAway() throws {
        var thresholds = RuleThresholds.standard
        thresholds.lookingAwaySeconds = 2
        let script: (Double) -> Observation = { t in frame(t, faces: [holding(t, from: 1, for: 2.2) ? self.away : .candidate()]) }
        let tuned = simulate(seconds: 6, thresholds: thresholds, script)
        let event = try #require(tuned.started(.lookingAway).first)
        #expect(approx(event.flaggedAt, 3.1))
        #expect(simulate(seconds: 6, script).transitions.isEmpty)
    }

    @Test("the limits that define looking away are configurable")
    func configurableYawLimit() {
        var thresholds = RuleThresholds.standard
        thresholds.maxYawDegrees = 45
        let run = simulate(seconds: 8, thresholds: thresholds) { t in frame(t, faces: [self.away]) }
        #expect(run.transitions.isEmpty)
    }

    @Test("releaseSeconds is configurable")
    func configurableRelease() throws {
        var thresholds = RuleThresholds.standard
        thresholds.releaseSeconds = 3
        // The same 1.5 s gap that splits episodes by default is bridged with a 3 s release.
        let run = simulate(seconds: 17, thresholds: thresholds) { t in
            frame(t, faces: [holding(t, from: 1, for: 7) || holding(t, from: 9.6, for: 5.5) ? self.away : .candidate()])
        }
        #expect(run.started(.lookingAway).count == 1)
    }

    @Test("the event's confidence is the highest seen, before and after it started")
    func peakConfidence() throws {
        // Yaw 54° (confidence 0.9) at 2 s, before the start; 57° (0.95) at 8 s, after it.
        let run = simulate(seconds: 12) { t in
            let yaw = approx(t, 2) ? 54.0 : approx(t, 8) ? 57.0 : 36.0
            return frame(t, faces: [t >= 1 && t <= 9 ? .candidate(yaw: yaw) : .candidate()])
        }
        let started = try #require(run.started(.lookingAway).first)
        let ended = try #require(run.ended(.lookingAway).first)
        #expect(approx(started.confidence, 0.9))
        #expect(approx(ended.confidence, 0.95))
    }

    @Test("observations older than the previous one are ignored")
    func outOfOrderIgnored() {
        var engine = RuleEngine()
        _ = engine.process(frame(0, faces: []))
        #expect(engine.process(frame(10.5, faces: [])).map(\.event.kind) == [.noFace])
        // A stale frame with the face back at 3 s would otherwise start a gap long over by 10.6 s.
        #expect(engine.process(frame(3)).isEmpty)
        #expect(engine.process(frame(10.6)).isEmpty)
        #expect(engine.openEvents.map(\.kind) == [.noFace])
    }
}
