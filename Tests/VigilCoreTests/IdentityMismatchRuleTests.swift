import Testing
@testable import VigilCore

/// The identity rule's policy on observations (descriptors made up here; the detector side is
/// tested on real frames in VigilAnalyzeTests and VigilProctoringTests).
@Suite("Identity mismatch rule")
struct IdentityMismatchRuleTests {
    /// A unit-length-ish descriptor pointing along axis `axis`: two different axes are √2 apart.
    static func person(_ axis: Int, jitter: Float = 0) -> FaceDescriptor {
        FaceDescriptor(values: (0..<128).map { $0 == axis ? 1 : ($0 == 127 ? jitter : 0) })
    }

    static func frame(_ t: Double, _ descriptor: FaceDescriptor?, faces: Int = 1, yaw: Double = 0) -> Observation {
        let face = FaceObservation(box: Box(x: 0.3, y: 0.2, width: 0.3, height: 0.4), score: 0.9, yaw: yaw, pitch: 0)
        let others = (1..<max(1, faces)).map { _ in FaceObservation(box: Box(x: 0, y: 0, width: 0.1, height: 0.1), score: 0.8) }
        return Observation(time: t, faces: [face] + others, identity: descriptor.map { IdentitySample(descriptor: $0, sharpness: 100) })
    }

    @Test("enrols from 5 good frames, not from turned, crowded or blurred ones")
    func enrolment() {
        var rule = IdentityMismatchRule(thresholds: .standard)
        _ = rule.judge(Self.frame(0, Self.person(0), yaw: 25))
        _ = rule.judge(Self.frame(1, Self.person(0), faces: 2))
        _ = rule.judge(Observation(time: 2, faces: [Self.frame(0, nil).faces[0]], identity: IdentitySample(descriptor: Self.person(0), sharpness: 1)))
        for t in 3..<7 { #expect(rule.judge(Self.frame(Double(t), Self.person(0, jitter: Float(t) / 100))) == nil) }
        #expect(rule.enrolment == nil, "4 good frames are not enough")
        _ = rule.judge(Self.frame(7, Self.person(0)))
        #expect(rule.enrolment.map { $0.distance(to: Self.person(0)) < 0.1 } == true)
    }

    @Test("after enrolment: another person holds, the same person does not, several faces or a turned head say nothing")
    func verdicts() {
        var rule = IdentityMismatchRule(thresholds: .standard, enrolment: Self.person(0))
        #expect(rule.judge(Self.frame(0, Self.person(0, jitter: 0.2)))?.holds == false)
        #expect(rule.judge(Self.frame(1, Self.person(1)))?.holds == true)
        #expect(rule.judge(Self.frame(2, Self.person(1), faces: 2)) == nil)
        #expect(rule.judge(Self.frame(3, Self.person(1), yaw: 40)) == nil)
        #expect(rule.judge(Self.frame(4, nil)) == nil, "frames without a sample say nothing")
    }

    @Test("the engine raises identity_mismatch once another person has held for 3 s, samples once a second, and ends it when the candidate is back")
    func engine() {
        var engine = RuleEngine(identityEnrolment: Self.person(0))
        var transitions: [RuleTransition] = []
        for step in 0..<40 {
            let t = Double(step) * 0.5
            let who = t < 5 || t >= 15 ? Self.person(0) : Self.person(1)
            transitions += engine.process(Self.frame(t, t.rounded() == t ? who : nil))
        }
        guard case .started(let started)? = transitions.first, case .ended(let ended)? = transitions.last, transitions.count == 2 else {
            Issue.record("expected one start and one end: \(transitions)")
            return
        }
        #expect(started.kind == .identityMismatch && started.start == 5 && started.flaggedAt == 8,
                "spans from the first different sample (5 s), flagged once it held 3 s: \(started)")
        #expect(ended.end == 15)
    }
}
