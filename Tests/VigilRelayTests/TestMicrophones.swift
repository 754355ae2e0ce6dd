import Foundation

/// Fake microphone files for Chromium (`--use-file-for-fake-audio-capture`, looped), made at test
/// time and never committed: speech by espeak-ng (Debian package, `make setup`), and a quiet
/// room (steady white noise at -55 dBFS: a live microphone that hears no one).
enum TestMicrophones {
    static let sentences = """
        The answer to the second question is the binary search tree, because it keeps the keys in order. \
        Write that the complexity is n log n, and then explain the merge step in two lines.
        """

    /// About 10 s of espeak-ng speech (22.05 kHz mono WAV).
    static var speech: URL {
        get throws {
            let output = TestMedia.folder.appendingPathComponent("speech.wav")
            if FileManager.default.fileExists(atPath: output.path) { return output }
            try FileManager.default.createDirectory(at: TestMedia.folder, withIntermediateDirectories: true)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/espeak-ng")
            process.arguments = ["-v", "en", "-s", "150", "-w", output.path + ".part", sentences]
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw TestFailure("espeak-ng could not speak; install it with `make setup`") }
            try FileManager.default.moveItem(atPath: output.path + ".part", toPath: output.path)
            return output
        }
    }

    /// 10 s of steady white noise at -55 dBFS (16 kHz mono WAV).
    static var quietRoom: URL {
        get throws {
            let output = TestMedia.folder.appendingPathComponent("quiet-room.wav")
            if FileManager.default.fileExists(atPath: output.path) { return output }
            try FileManager.default.createDirectory(at: TestMedia.folder, withIntermediateDirectories: true)
            var state: UInt64 = 0x2545_F491_4F6C_DD1D
            let amplitude = pow(10, -55.0 / 20) * 32768 * 3.0.squareRoot()
            let samples: [Int16] = (0..<160_000).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Int16(Double(Int64(state >> 33) - (1 << 30)) / Double(1 << 30) * amplitude)
            }
            var data = Data()
            func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
            data.append(contentsOf: Array("RIFF".utf8)); append(UInt32(36 + samples.count * 2))
            data.append(contentsOf: Array("WAVEfmt ".utf8)); append(UInt32(16)); append(UInt16(1)); append(UInt16(1))
            append(UInt32(16_000)); append(UInt32(32_000)); append(UInt16(2)); append(UInt16(16))
            data.append(contentsOf: Array("data".utf8)); append(UInt32(samples.count * 2))
            samples.withUnsafeBytes { data.append(contentsOf: $0) }
            try data.write(to: output)
            return output
        }
    }
}
