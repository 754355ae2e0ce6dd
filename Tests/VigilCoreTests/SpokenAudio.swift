import Foundation
@testable import VigilCore

// Real speech for the audio specs: espeak-ng (Debian package, `make setup`) speaks a sentence
// at test time; its 22.05 kHz WAV is resampled here to the detector's 16 kHz.

enum SpokenAudio {
    /// `text` spoken by espeak-ng, as 16 kHz mono samples.
    static func samples(_ text: String, voice: String = "en") throws -> [Int16] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/espeak-ng")
        process.arguments = ["-v", voice, "-s", "150", "--stdout", text]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let wav = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, wav.count > 44 else { throw SpokenAudioError.espeakFailed }
        let rate = wav.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: 24, as: UInt32.self)) }
        let source = wav.dropFirst(44).withUnsafeBytes { raw in
            (0..<(raw.count / 2)).map { Double(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self))) }
        }
        let count = source.count * 16_000 / rate
        return (0..<count).map { index in
            let position = Double(index) * Double(rate) / 16_000
            let low = min(Int(position), source.count - 1), high = min(low + 1, source.count - 1)
            let fraction = position - Double(low)
            return Int16(source[low] * (1 - fraction) + source[high] * fraction)
        }
    }

    static func silence(seconds: Double) -> [Int16] { Array(repeating: 0, count: Int(seconds * 16_000)) }

    /// Steady white noise at `dBFS` (a fan, a hiss), reproducible.
    static func noise(seconds: Double, dBFS: Double) -> [Int16] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let amplitude = pow(10, dBFS / 20) * 32768 * 3.0.squareRoot()
        return (0..<Int(seconds * 16_000)).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int16(Double(Int64(state >> 33) - (1 << 30)) / Double(1 << 30) * amplitude)
        }
    }

    /// The detector's windows for `samples`, fed in 20 ms packets as the relay does.
    static func windows(_ samples: [Int16]) -> [VoiceWindow] {
        var detector = VoiceActivityDetector()
        return stride(from: 0, to: samples.count, by: 320).flatMap { detector.feed(samples[$0..<min($0 + 320, samples.count)]) }
    }
}

enum SpokenAudioError: Error { case espeakFailed }
