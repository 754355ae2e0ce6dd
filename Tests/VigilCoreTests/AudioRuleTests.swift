import Foundation
import Testing
@testable import VigilCore

/// Runs the engine at 10 fps over `seconds` with both microphones' voice windows (from the real
/// detector, each 100 ms from 0 s) on the session clock and the candidate's mouth opening per
/// frame (nil: no face).
func audioRun(seconds: Double, candidate: [VoiceWindow], interviewer: [VoiceWindow] = [],
              mouth: (Double) -> Double?) -> RuleRun {
    var timeline = AudioTimeline(horizon: 1000)
    for (index, window) in candidate.enumerated() { timeline.add(window, from: .candidate, endingAt: Double(index + 1) * 0.1) }
    for (index, window) in interviewer.enumerated() { timeline.add(window, from: .interviewer, endingAt: Double(index + 1) * 0.1) }
    return simulate(seconds: seconds) { t in
        var observation = frame(t, faces: mouth(t).map { open in
            var face = FaceObservation.candidate()
            face.mouthOpen = open
            return [face]
        } ?? [])
        observation.audio = timeline.observation(at: t, thresholds: .standard)
        return observation
    }
}

/// A still face: the mesh's mouth opening jitters by about ±0.01 around a closed mouth.
func stillMouth(_ t: Double) -> Double? { 0.02 + 0.01 * sin(t * 7) }

/// Talking: the opening swings with the syllables, four a second.
func talkingMouth(_ t: Double) -> Double? {
    let phase: Double = t * 2 * Double.pi * 4
    return 0.05 + 0.15 * (1 + sin(phase))
}

@Suite("Audio rules: background voice and a silent microphone")
struct AudioRuleTests {
    let sentence = "The answer to the second question is the binary search tree, because it keeps the keys in order."

    @Test("speech on the candidate's microphone while the candidate's lips are still raises background_voice within 2.5 s")
    func voiceWithStillLips() throws {
        let speech = SpokenAudio.windows(SpokenAudio.silence(seconds: 1) + (try SpokenAudio.samples(sentence)))
        let run = audioRun(seconds: Double(speech.count) / 10, candidate: speech, mouth: stillMouth)
        let event = try #require(run.started(.backgroundVoice).first)
        // The event spans the voice from its onset; the rule fires once it lasted 2 s.
        #expect(event.start >= 1 && event.flaggedAt - event.start >= 2 && event.flaggedAt < 3.5,
                "start \(event.start) flagged \(event.flaggedAt)")
        #expect(run.started(.backgroundVoice).count == 1)
    }

    @Test("the same speech while the candidate's lips move raises nothing")
    func voiceWithMovingLips() throws {
        let speech = SpokenAudio.windows(SpokenAudio.silence(seconds: 1) + (try SpokenAudio.samples(sentence)))
        let run = audioRun(seconds: Double(speech.count) / 10, candidate: speech, mouth: talkingMouth)
        #expect(run.startedKinds.isEmpty)
    }

    @Test("the interviewer's speech echoed on the candidate's microphone raises nothing")
    func interviewerEcho() throws {
        let speech = SpokenAudio.windows(SpokenAudio.silence(seconds: 1) + (try SpokenAudio.samples(sentence)))
        // The echo arrives 200 ms after the interviewer said it.
        let echo = Array(repeating: VoiceWindow(speech: false, level: -120, duration: 0.1), count: 2) + speech
        let run = audioRun(seconds: Double(speech.count) / 10, candidate: echo, interviewer: speech, mouth: stillMouth)
        #expect(run.startedKinds.isEmpty)
    }

    @Test("speech with no face in view is left to no_face: no background_voice")
    func voiceWithoutFace() throws {
        let speech = SpokenAudio.windows(try SpokenAudio.samples(sentence))
        let run = audioRun(seconds: Double(speech.count) / 10, candidate: speech) { _ in nil }
        #expect(run.started(.backgroundVoice).isEmpty)
    }

    @Test("a candidate's microphone silent for more than 30 s raises no_audio, ended when sound returns")
    func silentMicrophone() throws {
        let quiet = SpokenAudio.windows(SpokenAudio.silence(seconds: 35))
        let sound = SpokenAudio.windows(SpokenAudio.noise(seconds: 5, dBFS: -45))
        let run = audioRun(seconds: 40, candidate: quiet + sound, mouth: stillMouth)
        let event = try #require(run.started(.noAudio).first)
        #expect(event.start < 0.5, "the silence began with the call: start \(event.start)")
        #expect(event.flaggedAt > 30 && event.flaggedAt < 31.5, "flagged once it lasted 30 s: \(event.flaggedAt)")
        let ended = try #require(run.ended(.noAudio).first)
        let end = try #require(ended.end)
        #expect(end > 35 && end < 36.5, "end \(end)")
    }

    @Test("a microphone with room noise but no speech for a minute raises nothing")
    func quietRoom() {
        let room = SpokenAudio.windows(SpokenAudio.noise(seconds: 60, dBFS: -55))
        let run = audioRun(seconds: 60, candidate: room, mouth: stillMouth)
        #expect(run.startedKinds.isEmpty)
    }
}
