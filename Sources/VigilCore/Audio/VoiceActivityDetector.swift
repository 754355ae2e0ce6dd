import Foundation

/// An energy voice activity detector for 16 kHz mono 16-bit audio, fed in any chunk sizes and
/// answering in 100 ms `VoiceWindow`s. A 20 ms frame counts as speech when it is louder than
/// both an absolute floor and the tracked background noise by a margin; a hangover bridges the
/// short pauses between words. Chosen over webrtcdsp's detector and silero-vad (README, "Audio
/// checks"): it was as accurate on the speech we can build here, needs no model and costs a few
/// microseconds per window. A value type: each microphone has its own.
public struct VoiceActivityDetector: Sendable {
    public static let sampleRate = 16_000
    static let frameSamples = 320  // 20 ms
    static let framesPerWindow = 5  // 100 ms

    /// A frame this far (dB) above the noise floor, and above `minimumSpeechLevel`, is speech.
    public var marginDecibels: Double = 10
    public var minimumSpeechLevel: Double = -50
    /// Frames that still count as speech after the last loud one (200 ms).
    public var hangoverFrames = 10

    /// Background level (dBFS): the 10th percentile of the last 2 s of frames (updated every
    /// window), so a steady fan, hum or hiss becomes the floor within two seconds while the
    /// pauses between words keep it under speech.
    public private(set) var noiseFloor: Double = -90
    private var recentLevels: [Double] = []
    private var recentNext = 0
    static let floorFrames = 100
    private var pending: [Int16] = []
    private var frameLevels: [Double] = []
    private var frameSpeech: [Bool] = []
    private var hangover = 0
    private var loudRun = 0

    public init() {}

    /// Adds samples; returns the windows they completed, oldest first.
    public mutating func feed(_ samples: some Collection<Int16>) -> [VoiceWindow] {
        pending.append(contentsOf: samples)
        var windows: [VoiceWindow] = []
        var start = 0
        while pending.count - start >= Self.frameSamples {
            let level = Self.level(pending[start..<(start + Self.frameSamples)])
            start += Self.frameSamples
            judgeFrame(level)
            if frameLevels.count == Self.framesPerWindow {
                let speechFrames = frameSpeech.filter { $0 }.count
                windows.append(VoiceWindow(speech: speechFrames >= 2 && isModulated, level: frameLevels.max() ?? -120,
                                           duration: Double(Self.frameSamples * Self.framesPerWindow) / Double(Self.sampleRate)))
                frameLevels.removeAll(keepingCapacity: true)
                frameSpeech.removeAll(keepingCapacity: true)
            }
        }
        pending.removeFirst(start)
        return windows
    }

    private mutating func judgeFrame(_ level: Double) {
        // Three loud frames in a row (60 ms): a syllable lasts that long, a key click or a tap does not.
        let loud = level > minimumSpeechLevel && level > noiseFloor + marginDecibels
        loudRun = loud ? loudRun + 1 : 0
        let voiced = loudRun >= 3
        if voiced { hangover = hangoverFrames } else if hangover > 0 { hangover -= 1 }
        frameSpeech.append(voiced || hangover > 0)
        frameLevels.append(level)
        if recentLevels.count < Self.floorFrames {
            recentLevels.append(level)
        } else {
            recentLevels[recentNext] = level
            recentNext = (recentNext + 1) % Self.floorFrames
        }
        if frameLevels.count == Self.framesPerWindow {
            let sorted = recentLevels.sorted()
            noiseFloor = max(-90, sorted[sorted.count / 10])
        }
    }

    /// Speech rises and falls with its syllables (about 4 a second); a fan, a hum or a hiss that
    /// just started is loud but steady. So the last half second must span at least
    /// `modulationDecibels` between its loudest and quietest frame.
    public var modulationDecibels: Double = 6
    private var isModulated: Bool {
        let count = min(25, recentLevels.count)
        guard count > 0 else { return false }
        var lowest = Double.infinity, highest = -Double.infinity
        for back in 1...count {
            let index = recentLevels.count < Self.floorFrames ? recentLevels.count - back
                : (recentNext - back + Self.floorFrames) % Self.floorFrames
            lowest = min(lowest, recentLevels[index])
            highest = max(highest, recentLevels[index])
        }
        return highest - lowest >= modulationDecibels
    }

    /// RMS level of a frame in dBFS, -120 for digital silence.
    static func level(_ frame: ArraySlice<Int16>) -> Double {
        var sum = 0.0
        for sample in frame { sum += Double(sample) * Double(sample) }
        let rms = (sum / Double(max(frame.count, 1))).squareRoot() / 32768
        return rms > 1e-6 ? 20 * log10(rms) : -120
    }
}
