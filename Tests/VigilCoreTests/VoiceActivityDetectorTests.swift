import Testing
@testable import VigilCore

@Suite("Voice activity detector on real speech, silence and noise")
struct VoiceActivityDetectorTests {
    @Test("most of an espeak-ng sentence is heard as speech")
    func sentenceIsSpeech() throws {
        let windows = SpokenAudio.windows(try SpokenAudio.samples("The answer to the second question is the binary search tree."))
        let share = Double(windows.filter(\.speech).count) / Double(windows.count)
        #expect(share > 0.8, "speech share \(share)")
    }

    @Test("digital silence (a muted microphone) is no speech and below the silence level")
    func silenceIsQuiet() {
        let windows = SpokenAudio.windows(SpokenAudio.silence(seconds: 3))
        #expect(windows.count == 30)
        #expect(windows.filter(\.speech).isEmpty)
        #expect(windows.allSatisfy { $0.level < RuleThresholds.standard.silenceBelowDecibels })
    }

    @Test("steady noise that starts suddenly is not speech for more than half a second")
    func steadyNoiseIsNotSpeech() {
        let windows = SpokenAudio.windows(SpokenAudio.silence(seconds: 2) + SpokenAudio.noise(seconds: 6, dBFS: -40))
        #expect(windows.filter(\.speech).count <= 5)
        #expect(windows.suffix(30).allSatisfy { $0.level > RuleThresholds.standard.silenceBelowDecibels })
    }

    @Test("speech over steady room noise is still heard")
    func speechOverNoise() throws {
        let speech = try SpokenAudio.samples("Write that the complexity is n log n, and then explain the merge step.")
        let noise = SpokenAudio.noise(seconds: Double(speech.count) / 16_000 + 3, dBFS: -50)
        let mixed = noise.prefix(3 * 16_000) + zip(speech, noise.dropFirst(3 * 16_000)).map { Int16(clamping: Int($0) + Int($1)) }
        let windows = SpokenAudio.windows(Array(mixed)).dropFirst(30)
        #expect(Double(windows.filter(\.speech).count) / Double(windows.count) > 0.75)
    }
}
