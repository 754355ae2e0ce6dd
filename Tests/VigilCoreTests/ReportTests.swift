import Foundation
import Testing
@testable import VigilCore

@Suite("Report: the one value every exporter renders")
struct ReportTests {
    let generatedAt = t0.addingTimeInterval(7200)

    @Test("counts and durations list every EventKind, zero included")
    func everyKindListed() {
        let report = Report(session: session(), events: [incident(.phone, lasting: 5)], generatedAt: generatedAt)
        let wireNames = Set(EventKind.allCases.map(\.rawValue))
        #expect(Set(report.counts.keys) == wireNames)
        #expect(Set(report.durations.keys) == wireNames)
        #expect(report.counts["phone"] == 1)
        #expect(report.counts["tab_hidden"] == 0)
        #expect(report.durations["tab_hidden"] == 0)
    }

    @Test("durations add up the seconds of each kind")
    func durationsPerKind() {
        let events = [
            incident(.lookingAway, at: 10, lasting: 10, id: 1),
            incident(.lookingAway, at: 100, lasting: 20.5, id: 2),
            incident(.noFace, at: 200, lasting: 12, id: 3),
        ]
        let report = Report(session: session(), events: events, generatedAt: generatedAt)
        #expect(report.counts["looking_away"] == 2)
        #expect(report.durations["looking_away"] == 30.5)
        #expect(report.durations["no_face"] == 12)
    }

    @Test("dismissed events are counted in counts but not charged in the score")
    func dismissedCountedNotCharged() {
        let report = Report(session: session(), events: [incident(.phone, review: dismissal)], generatedAt: generatedAt)
        #expect(report.counts["phone"] == 1)
        #expect(report.score == 100)
    }

    @Test("events are listed by start time, ties by id")
    func sortedByStart() {
        let events = [
            incident(.copyPaste, at: 300, id: 1),
            incident(.phone, at: 100, id: 3),
            incident(.book, at: 100, id: 2),
            incident(.noFace, at: 5, id: 4),
        ]
        let report = Report(session: session(), events: events, generatedAt: generatedAt)
        #expect(report.events.map(\.id) == [4, 2, 3, 1])
    }

    @Test("an open event in an ended session is counted up to the session end, not to generatedAt")
    func openEventInEndedSession() {
        let report = Report(
            session: session(endedAfter: 600), events: [incident(.noFace, at: 580, lasting: nil)],
            generatedAt: generatedAt)
        #expect(report.durations["no_face"] == 20)
        #expect(report.deductions.first?.seconds == 20)
    }

    @Test("an open event in a live session is counted up to generatedAt")
    func openEventInLiveSession() {
        let report = Report(
            session: session(endedAfter: nil), events: [incident(.noFace, at: 7000, lasting: nil)],
            generatedAt: generatedAt)
        #expect(report.durations["no_face"] == 200)
        #expect(report.status == .live)
    }

    @Test("durationSeconds runs from creation to the end of the session")
    func durationOfEndedSession() {
        let report = Report(session: session(endedAfter: 1234.56), events: [], generatedAt: generatedAt)
        #expect(report.durationSeconds == 1234.6)
        #expect(report.status == .ended)
    }

    @Test("durationSeconds of a live session runs up to generatedAt")
    func durationOfLiveSession() {
        let report = Report(session: session(endedAfter: nil), events: [], generatedAt: generatedAt)
        #expect(report.durationSeconds == 7200)
    }

    @Test("score, verdict and deductions are the integrity score of the events")
    func scoreMatchesIntegrityScore() {
        let events = incidents(.windowBlur, count: 4, lasting: 45) + [incident(.book, at: 900, lasting: 30, id: 10)]
        let report = Report(session: session(endedAfter: 3600), events: events, generatedAt: generatedAt)
        let expected = IntegrityScore(events: events, asOf: t0.addingTimeInterval(3600))
        #expect(report.score == expected.score)
        #expect(report.verdict == expected.verdict)
        #expect(report.deductions == expected.deductions)
        // window_blur: 4 × 2 + 3 min × 2 = 14 (cap 10); book: 10 + 0.5 min × 5 = 12.5.
        #expect(report.score == 77.5)
    }
}
