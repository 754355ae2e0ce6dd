import ArgumentParser
import Foundation

/// The labelled audio the voice bench judges detectors on, built at run time: espeak-ng
/// sentences (two voices, one quieter, one over room noise) between stretches of digital
/// silence, white noise at -50 dBFS, a 100 Hz hum at -35 dBFS and key clicks (8 ms bursts at
/// -20 dBFS every 120–200 ms). 16 kHz mono; one label per 100 ms window.
struct VoiceCorpus {
    var samples: [Int16] = []
    var windowLabels: [String] = []

    static let sentences = [
        ("en", "The answer to the second question is the binary search tree, because it keeps the keys in order."),
        ("en", "Write that the complexity is n log n, and then explain the merge step in two lines."),
        ("en+f3", "Say that the cache is invalidated when the record changes, not before."),
    ]

    static func build(in folder: URL) throws -> VoiceCorpus {
        var corpus = VoiceCorpus()
        var random = SystemRandomNumberGenerator()
        func noise(_ seconds: Double, dBFS: Double) -> [Double] {
            let amplitude: Double = pow(10, dBFS / 20) * 32768 * 3.0.squareRoot()
            return (0..<Int(seconds * 16_000)).map { _ in Double.random(in: -1...1, using: &random) * amplitude }
        }
        let speech = try sentences.enumerated().map { index, sentence in
            try speak(sentence.1, voice: sentence.0, to: folder.appendingPathComponent("sentence\(index).raw"))
        }
        corpus.append(Array(repeating: 0, count: 3 * 16_000), label: "silence")
        corpus.append(speech[0], label: "speech")
        corpus.append(noise(5, dBFS: -50), label: "noise")
        let background = noise(Double(speech[1].count) / 16_000, dBFS: -50)
        corpus.append(zip(speech[1], background).map { $0 + $1 }, label: "speech")
        let humAmplitude: Double = pow(10, -35.0 / 20) * 32768 * 2.0.squareRoot()
        let hum: [Double] = (0..<(5 * 16_000)).map { (index: Int) -> Double in
            humAmplitude * sin(2 * Double.pi * 100 * Double(index) / 16_000)
        }
        corpus.append(hum, label: "hum")
        var clicks = [Double](repeating: 0, count: 6 * 16_000)
        var at = 0
        while at < clicks.count - 128 {
            let clickAmplitude: Double = pow(10, -20.0 / 20) * 32768
            for offset in 0..<128 { clicks[at + offset] = Double.random(in: -1...1, using: &random) * clickAmplitude }
            at += Int.random(in: 1920...3200, using: &random)
        }
        corpus.append(clicks, label: "clicks")
        corpus.append(speech[2].map { $0 * 0.25 }, label: "speech")
        corpus.append(Array(repeating: 0, count: 2 * 16_000), label: "silence")
        return corpus
    }

    /// espeak-ng's speech, resampled by GStreamer to 16 kHz mono.
    static func speak(_ text: String, voice: String, to raw: URL) throws -> [Double] {
        let wav = raw.deletingPathExtension().appendingPathExtension("wav")
        let espeak = Process()
        espeak.executableURL = URL(fileURLWithPath: "/usr/bin/espeak-ng")
        espeak.arguments = ["-v", voice, "-s", "150", "-w", wav.path, text]
        try espeak.run()
        espeak.waitUntilExit()
        guard espeak.terminationStatus == 0 else { throw ValidationError("espeak-ng failed; install it with `make setup`") }
        _ = try GstLaunch.run(["filesrc", "location=\(wav.path)", "!", "wavparse", "!", "audioconvert", "!", "audioresample", "!",
                               "audio/x-raw,format=S16LE,channels=1,rate=16000", "!", "filesink", "location=\(raw.path)"])
        let data = try Data(contentsOf: raw)
        return data.withUnsafeBytes { bytes in
            (0..<(bytes.count / 2)).map { Double(Int16(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self))) }
        }
    }

    /// Appends whole 100 ms windows of `segment` (the tail shorter than a window is dropped, so
    /// every window has one label).
    mutating func append(_ segment: [Double], label: String) {
        let windows = segment.count / 1600
        samples += segment.prefix(windows * 1600).map { Int16(max(-32768, min(32767, $0.rounded()))) }
        windowLabels += Array(repeating: label, count: windows)
    }
}
