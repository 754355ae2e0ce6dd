import Foundation
import Testing
@testable import VigilCore

/// Issue 11 item 4: an event covers its whole condition. `start` is the first frame the condition
/// held in, `end` the first frame without it, and `flaggedAt` the frame at which the rule fired.
@Suite("Event spans: start at the onset, flagged when the rule fires, end at the end")
struct EventSpanTests {
    @Test("a face gone 8 s → 22 s is one no-face event from 8 s to 22 s, flagged 10 s in")
    func noFaceCoversTheAbsence() throws {
        let run = simulate(seconds: 30) { t in frame(t, faces: holding(t, from: 8, for: 13.95) ? [] : [.candidate()]) }
        #expect(run.startedKinds == [.noFace])
        let started = try #require(run.started(.noFace).first)
        #expect(started.start == 8.0)
        #expect(approx(started.flaggedAt, 18.1))
        #expect(started.end == nil)
        let ended = try #require(run.ended(.noFace).first)
        #expect(ended.start == 8.0)
        #expect(approx(ended.flaggedAt, 18.1))
        #expect(approx(try #require(ended.end), 22.0))
    }

    @Test("several faces 3 s → 9 s: start 3 s, flagged at 5 s (at least 2 s), end 9 s")
    func multipleFacesSpan() throws {
        let run = simulate(seconds: 12) { t in
            frame(t, faces: holding(t, from: 3, for: 5.95) ? [.candidate(), .bystander()] : [.candidate()])
        }
        let ended = try #require(run.ended(.multipleFaces).first)
        #expect(ended.start == 3.0)
        #expect(approx(ended.flaggedAt, 5.0))
        #expect(approx(try #require(ended.end), 9.0))
        #expect(approx(ended.flaggingDelay, 2.0))
    }

    @Test("looking away 2 s → 10 s keeps its onset through a flicker shorter than releaseSeconds")
    func lookingAwayOnsetSurvivesFlicker() throws {
        // Away 2...5 s, back for 0.5 s (detector flicker), away again 5.6...10 s.
        let run = simulate(seconds: 14) { t in
            frame(t, faces: [holding(t, from: 2, for: 3) || holding(t, from: 5.6, for: 4.35) ? AwayCause.yawLeft.face : .candidate()])
        }
        #expect(run.started(.lookingAway).count == 1)
        let ended = try #require(run.ended(.lookingAway).first)
        #expect(ended.start == 2.0)
        #expect(approx(ended.flaggedAt, 7.1))
        #expect(approx(try #require(ended.end), 10.0))
    }

    @Test("an object starts at its first sighting, is flagged at the third, ends at the first clean frame")
    func objectSpan() throws {
        // 10 fps: seen 0.2…0.9 s (with one missed frame at 0.4 s), clean from 1.0 s.
        let run = objectRun("..xx.xxxxx......")
        let ended = try #require(run.ended(.phone).first)
        #expect(approx(ended.start, 0.2))
        #expect(approx(ended.flaggedAt, 0.5))
        #expect(approx(try #require(ended.end), 1.0))
    }

    @Test("an event open when the session finishes keeps its onset and ends at the finish")
    func openEventFinished() throws {
        let run = simulate(seconds: 20) { t in frame(t, faces: t >= 4 ? [] : [.candidate()]) }
        let closed = try #require(run.closedAtFinish(.noFace).first)
        #expect(closed.start == 4.0)
        #expect(approx(closed.flaggedAt, 14.1))
        #expect(closed.end == 20.0)
    }

    @Test("a condition shorter than its threshold raises nothing, so no span is reported")
    func shortConditionNoEvent() {
        let run = simulate(seconds: 20) { t in frame(t, faces: holding(t, from: 4, for: 9.5) ? [] : [.candidate()]) }
        #expect(run.transitions.isEmpty)
        #expect(run.atFinish.isEmpty)
    }

    @Test("the deduction charges the whole span, not the time after the flag")
    func deductionUsesTheSpan() throws {
        // No face 8 s → 22 s, flagged at 18 s: 14 s gone, 5 per event + 5 per minute.
        let event = ProctoringEvent(
            id: 1, kind: .noFace, source: .detector, start: t0.addingTimeInterval(8), end: t0.addingTimeInterval(22),
            flaggedAt: t0.addingTimeInterval(18))
        let deduction = try #require(score([event]).deductions.first)
        #expect(deduction.seconds == 14)
        #expect(deduction.points == IntegrityScore.round1(5 + 14.0 / 60 * 5))
        let report = Report(session: session(endedAfter: 60), events: [event], generatedAt: t0.addingTimeInterval(61))
        #expect(report.durations[EventKind.noFace.rawValue] == 14)
    }

    @Test("an event reported at once is flagged at its start, and a flag is never before the start")
    func flaggedAtDefaultsToStart() {
        let instant = ProctoringEvent(id: 1, kind: .tabHidden, source: .page, start: t0)
        #expect(instant.flaggedAt == t0)
        #expect(instant.flaggingDelay == 0)
        let early = ProctoringEvent(id: 2, kind: .phone, source: .external, start: t0, flaggedAt: t0.addingTimeInterval(-5))
        #expect(early.flaggedAt == t0)
        #expect(DetectedEvent(kind: .phone, start: 3, flaggedAt: 1, confidence: 1).flaggedAt == 3)
    }
}
