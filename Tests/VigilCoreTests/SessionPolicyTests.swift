import Foundation
import Testing
@testable import VigilCore
import VigilReport

@Suite("Session policy: presets, validation, disabled checks, thresholds, prices")
struct SessionPolicyTests {
    /// The candidate leaves at 2 s for 15 s, with the rules of `policy`.
    func leave(_ policy: SessionPolicy) -> [RuleTransition] {
        var engine = RuleEngine(policy: policy)
        var transitions: [RuleTransition] = []
        for index in 0...200 {
            let t = frameTime(index)
            transitions += engine.process(frame(t, faces: holding(t, from: 2, for: 15) ? [] : [.candidate()]))
        }
        return transitions + engine.finish(at: 20)
    }

    @Test("a disabled check raises nothing for a condition that would raise it")
    func disabledCheckRaisesNothing() throws {
        #expect(leave(.standard).map(\.event.kind) == [.noFace, .noFace], "enabled: started and ended")
        var policy = SessionPolicy.standard
        policy.disabledChecks = [.noFace]
        #expect(leave(policy).isEmpty)
    }

    @Test("no_face_seconds from the policy moves when the event is flagged")
    func thresholdMovesTheFlag() throws {
        let policy = try SessionPolicy.validated(.object(["thresholds": .object(["no_face_seconds": .number(4)])]))
        let started = try #require(leave(policy).first?.event)
        #expect(started.start == 2)
        #expect(approx(started.flaggedAt, 6.1), "4 s after the onset, not 10: \(started.flaggedAt)")
    }

    @Test("the presets are named value sets over the defaults; standard is today's documented policy")
    func presets() {
        #expect(PolicyPreset.standard.policy.thresholds == .standard)
        #expect(PolicyPreset.standard.policy.prices == .standard)
        #expect(PolicyPreset.standard.policy.disabledChecks.isEmpty)
        #expect(PolicyPreset.strict.policy.thresholds.noFaceSeconds == 5)
        #expect(PolicyPreset.strict.policy.prices.rate(for: .phone).perEvent == 22.5)
        #expect(PolicyPreset.lenient.policy.disabledChecks == [.windowBlur, .fullscreenExit, .eyesClosed])
        #expect(!PolicyPreset.lenient.policy.isCustomised)
    }

    @Test("a policy survives the report's JSON (snake_case encoder and decoder) unchanged")
    func roundTrip() throws {
        var policy = PolicyPreset.strict.policy
        policy.disabledChecks = [.copyPaste]
        policy.thresholds.objectWindow = 7
        policy.prices.rates[.phone] = .init(perEvent: 30, perMinute: 0, cap: 60)
        let data = try ReportJSON.encoder().encode(policy)
        let back = try ReportJSON.decoder().decode(SessionPolicy.self, from: data)
        #expect(back == policy)
        #expect(back.name == "strict, customised")
        let plain = try JSONDecoder().decode(SessionPolicy.self, from: JSONEncoder().encode(policy))
        #expect(plain == policy)
    }

    @Test("the report's score uses the policy's prices")
    func reportUsesPrices() {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let session = SessionInfo(id: "s", title: nil, candidateName: "C", interviewerName: "I", createdAt: t0, endedAt: t0.addingTimeInterval(60))
        let event = ProctoringEvent(id: 1, kind: .tabHidden, source: .page, start: t0.addingTimeInterval(5), end: t0.addingTimeInterval(5), confidence: 1)
        var policy = SessionPolicy.standard
        policy.prices.rates[.tabHidden] = .init(perEvent: 30, perMinute: 0, cap: 30)
        #expect(Report(session: session, events: [event], generatedAt: t0).score == 95)
        let priced = Report(session: session, events: [event], policy: policy, generatedAt: t0)
        #expect(priced.score == 70)
        #expect(priced.policy == policy)
    }

    @Test("the consent text leaves out disabled checks and says the call is not recorded")
    func consent() {
        var policy = SessionPolicy.standard
        policy.disabledChecks = [.phone, .identityMismatch]
        let text = ConsentText(policy: policy, recorded: false, retentionDays: 0).paragraphs.joined(separator: " ")
        #expect(!text.contains("a phone in view"))
        #expect(!text.contains("Identity check"))
        #expect(text.contains("not recorded"))
        #expect(text.contains("kept until the interviewer deletes the session"))
        let usual = ConsentText(policy: .standard, recorded: true, retentionDays: 7).paragraphs.joined(separator: " ")
        #expect(usual.contains("a phone in view") && usual.contains("Identity check") && usual.contains("deleted 7 days after"))
    }
}
