import Foundation
import Testing
@testable import VigilCore

@Suite("Integrity score: 100 minus capped deductions per kind")
struct ScoringTests {
    @Test("a session without events scores 100 and is clear")
    func noEvents() {
        let result = score([])
        #expect(result.score == 100)
        #expect(result.verdict == .clear)
        #expect(result.deductions.isEmpty)
    }

    @Test("two instant tab_hidden events cost 2 × 5 = 10 points")
    func twoInstantTabHidden() throws {
        let result = score(incidents(.tabHidden, count: 2))
        #expect(result.score == 90)
        let deduction = try #require(result.deductions.first)
        #expect(result.deductions.count == 1)
        #expect(deduction.kind == .tabHidden)
        #expect(deduction.events == 2)
        #expect(deduction.points == 10)
        #expect(deduction.explanation == "2 × 5 per event + 0 s × 5 per minute = 10")
    }

    @Test("a phone event of 60 s costs 15 + 10 = 25 points")
    func oneMinutePhone() throws {
        let result = score([incident(.phone, lasting: 60)])
        #expect(result.score == 75)
        #expect(result.verdict == .review)
        let deduction = try #require(result.deductions.first)
        #expect(deduction.seconds == 60)
        #expect(deduction.uncapped == 25)
        #expect(deduction.points == 25)
    }

    @Test("deductions of several kinds add up: 2 × 30 s looking away and 90 s without a face cost 18.5")
    func severalKinds() {
        // looking_away: 2 × 2 + 1 min × 2 = 6; no_face: 5 + 1.5 min × 5 = 12.5.
        let events = incidents(.lookingAway, count: 2, lasting: 30) + [incident(.noFace, at: 500, lasting: 90)]
        let result = score(events)
        #expect(result.deductions.map(\.points) == [6, 12.5])
        #expect(result.score == 81.5)
    }

    @Test("ten phone events are capped at 40 points")
    func phoneCap() throws {
        let result = score(incidents(.phone, count: 10))
        let deduction = try #require(result.deductions.first)
        #expect(deduction.uncapped == 150)
        #expect(deduction.cap == 40)
        #expect(deduction.points == 40)
        #expect(deduction.explanation.hasSuffix("= 150, capped at 40"))
        #expect(result.score == 60)
    }

    @Test("the score never goes below 0")
    func neverBelowZero() {
        let events = EventKind.allCases.flatMap { incidents($0, count: 20, lasting: 600) }
        let result = score(events)
        #expect(result.deductions.count == EventKind.allCases.count)
        #expect(result.score == 0)
        #expect(result.verdict == .highRisk)
    }

    @Test("dismissed events cost nothing and are listed as dismissed")
    func dismissedEventsAreFree() throws {
        let events = [
            incident(.phone, lasting: 120, id: 1, review: dismissal),
            incident(.phone, at: 300, lasting: 0, id: 2, review: confirmation),
        ]
        let result = score(events)
        let deduction = try #require(result.deductions.first)
        #expect(deduction.events == 1)
        #expect(deduction.dismissed == 1)
        #expect(deduction.seconds == 0)
        #expect(deduction.points == 15)
        #expect(deduction.explanation.hasSuffix("; 1 dismissed by a reviewer (no cost)"))
        #expect(result.score == 85)
    }

    @Test("a kind whose events are all dismissed costs 0 but is still listed")
    func allDismissed() throws {
        let result = score([incident(.copyPaste, review: dismissal)])
        let deduction = try #require(result.deductions.first)
        #expect(deduction.kind == .copyPaste)
        #expect(deduction.points == 0)
        #expect(deduction.dismissed == 1)
        #expect(result.score == 100)
    }

    @Test("a phone costs more than looking away for the same time", arguments: [0.0, 10, 60, 600])
    func phoneCostsMoreThanLookingAway(seconds: Double) {
        let phone = score([incident(.phone, lasting: seconds)])
        let glance = score([incident(.lookingAway, lasting: seconds)])
        #expect(phone.score < glance.score)
    }

    @Test("an open event is charged up to the time of scoring")
    func openEventChargedUntilNow() throws {
        let result = score([incident(.phone, lasting: nil)], asOf: t0.addingTimeInterval(30))
        let deduction = try #require(result.deductions.first)
        #expect(deduction.seconds == 30)
        #expect(deduction.points == 20)
    }

    @Test("deductions list only kinds with events, in EventKind order")
    func deductionOrder() {
        let events = [incident(.copyPaste, id: 1), incident(.noFace, id: 2), incident(.phone, id: 3)]
        #expect(score(events).deductions.map(\.kind) == [.noFace, .phone, .copyPaste])
    }

    @Test("a kind missing from the policy costs nothing")
    func kindMissingFromPolicy() {
        let policy = ScoringPolicy(rates: [.phone: .init(perEvent: 50, perMinute: 0, cap: 50)])
        let result = IntegrityScore(events: [incident(.phone), incident(.book, id: 2)], policy: policy, asOf: t0)
        #expect(result.score == 50)
    }
}

@Suite("Verdict bands: clear from 85, review from 60, high risk below")
struct VerdictTests {
    @Test("bands at their edges", arguments: [
        (100.0, Verdict.clear), (85, .clear), (84.9, .review), (60, .review), (59.9, .highRisk), (0, .highRisk),
    ])
    func bands(score: Double, verdict: Verdict) {
        #expect(Verdict(score: score) == verdict)
    }

    @Test("scores computed at the band edges get the verdict of their band")
    func computedEdges() {
        // 3 × 5 = 15 → 85; 15 + 1.2 s × 5/min = 15.1 → 84.9.
        #expect(score(incidents(.tabHidden, count: 3)).verdict == .clear)
        let slightlyLonger = incidents(.tabHidden, count: 2) + [incident(.tabHidden, at: 500, lasting: 1.2, id: 9)]
        #expect(score(slightlyLonger).score == 84.9)
        #expect(score(slightlyLonger).verdict == .review)
        // 3 × 10 several faces (= cap 30) + 2 × 5 tab hidden = 40 → 60; plus 1.2 s × 5/min → 59.9.
        let crowded = incidents(.multipleFaces, count: 3)
        #expect(score(crowded + incidents(.tabHidden, count: 2)).score == 60)
        #expect(score(crowded + incidents(.tabHidden, count: 2)).verdict == .review)
        let riskier = crowded + [incident(.tabHidden, at: 700, id: 8), incident(.tabHidden, at: 800, lasting: 1.2, id: 9)]
        #expect(score(riskier).score == 59.9)
        #expect(score(riskier).verdict == .highRisk)
    }

    @Test("a policy can move the bands")
    func customBands() {
        let strict = ScoringPolicy(rates: ScoringPolicy.standard.rates, clearFrom: 95, reviewFrom: 80)
        #expect(Verdict(score: 90, policy: strict) == .review)
        #expect(Verdict(score: 79.9, policy: strict) == .highRisk)
    }
}
