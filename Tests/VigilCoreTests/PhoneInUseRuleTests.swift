import Testing
@testable import VigilCore

/// A hand beside the candidate's face (`FaceObservation.candidate()` spans x 0.3...0.7,
/// y 0.2...0.7), at ear height: where a phone call is held.
let handAtEar = HandObservation(box: Box(x: 0.66, y: 0.3, width: 0.12, height: 0.2), score: 0.95)
/// A hand over the middle of the face, and one resting at the bottom edge of the frame.
let handBeforeFace = HandObservation(box: Box(x: 0.45, y: 0.35, width: 0.1, height: 0.15), score: 0.95)
let handLow = HandObservation(box: Box(x: 0.1, y: 0.8, width: 0.15, height: 0.15), score: 0.95)

/// One frame with the hand models run on every third frame (their rate is the object detector's).
func handFrame(_ t: Double, hands: [HandObservation], objects: [ObjectObservation] = []) -> Observation {
    let analysed = Int((t * framesPerSecond).rounded()) % 3 == 0
    return Observation(time: t, faces: [.candidate()], objects: analysed ? objects : [], objectsAnalyzed: analysed,
                       hands: analysed ? hands : [], handsAnalyzed: analysed)
}

@Suite("Phone in use: the object detector's phone, or a hand held at the ear")
struct PhoneInUseRuleTests {
    @Test("where a hand is: at the ear, before the face, low at the desk")
    func placements() {
        let face = FaceObservation.candidate().box
        #expect(HandPlacement.of(handAtEar.box, face: face) == .atEar)
        #expect(HandPlacement.of(handBeforeFace.box, face: face) == .beforeFace)
        #expect(HandPlacement.of(handLow.box, face: face) == .lowAtDesk)
        // A hand at the mouth's height below the face (a microphone, a cup) is not at the ear.
        #expect(HandPlacement.of(Box(x: 0.62, y: 0.72, width: 0.12, height: 0.15), face: face) != .atEar)
    }

    @Test("a hand held at the ear for 8 s, with no phone seen, gives one phone event saying so")
    func handAtTheEarForEightSeconds() throws {
        let run = simulate(seconds: 20) { t in handFrame(t, hands: holding(t, from: 3, for: 8) ? [handAtEar] : []) }
        let started = run.started(.phone)
        #expect(started.count == 1)
        let event = try #require(started.first)
        #expect(event.evidence == PhoneInUseRule.earEvidence)
        #expect(abs(event.start - 3) <= 0.3)
        let ended = try #require(run.ended(.phone).first)
        #expect(abs(try #require(ended.end) - 11) <= 1.5)
        #expect(run.ended(.phone).count == 1)
    }

    @Test("a hand at the ear for 3 s (scratching, fixing hair) gives no event")
    func briefHandAtTheEar() {
        let run = simulate(seconds: 20) { t in handFrame(t, hands: holding(t, from: 3, for: 3) ? [handAtEar] : []) }
        #expect(run.started(.phone).isEmpty)
        #expect(run.closedAtFinish(.phone).isEmpty)
    }

    @Test("hands before the face or low at the desk raise no phone event")
    func otherPlacements() {
        let run = simulate(seconds: 20) { t in handFrame(t, hands: [handBeforeFace, handLow]) }
        #expect(run.transitions.isEmpty)
    }

    @Test("a phone the detector sees gives a phone event saying so")
    func phoneSeen() throws {
        let run = simulate(seconds: 12) { t in
            handFrame(t, hands: [], objects: holding(t, from: 2, for: 6) ? [detection("cell phone")] : [])
        }
        #expect(run.started(.phone).count == 1)
        #expect(run.started(.phone).first?.evidence == PhoneInUseRule.seenEvidence)
        #expect(run.ended(.phone).count == 1)
    }

    @Test("a phone seen while held at the ear is one event, lasting until neither signal holds")
    func bothSignalsOneEvent() throws {
        let run = simulate(seconds: 25) { t in
            handFrame(t, hands: holding(t, from: 2, for: 12) ? [handAtEar] : [],
                      objects: holding(t, from: 4, for: 4) ? [detection("cell phone")] : [])
        }
        #expect(run.started(.phone).count == 1)
        let ended = try #require(run.ended(.phone).first)
        #expect(run.ended(.phone).count == 1)
        #expect(abs(try #require(ended.end) - 14) <= 1.5)
    }

    @Test("a hand at the ear with no face in view raises nothing (no ear to judge against)")
    func noFace() {
        let run = simulate(seconds: 20) { t in
            let analysed = Int((t * framesPerSecond).rounded()) % 3 == 0
            return Observation(time: t, faces: [], objects: [], objectsAnalyzed: analysed, hands: [handAtEar], handsAnalyzed: analysed)
        }
        #expect(run.started(.phone).isEmpty)
    }
}
