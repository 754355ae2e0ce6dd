import ArgumentParser
import Foundation

/// Runs gst-launch-1.0 to the end of its stream, for the voice bench: its printed bus messages
/// and the CPU time (user + system) the process used.
enum GstLaunch {
    struct Result {
        var output: String
        var cpuSeconds: Double
    }

    static func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/gst-launch-1.0")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        var before = rusage(), after = rusage()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &before)
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &after)
        guard process.terminationStatus == 0 else {
            throw ValidationError("gst-launch-1.0 \(arguments.joined(separator: " ")) failed (\(process.terminationStatus))")
        }
        func seconds(_ usage: rusage) -> Double {
            Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        }
        return Result(output: String(decoding: output, as: UTF8.self), cpuSeconds: seconds(after) - seconds(before))
    }
}

/// webrtcdsp posts `voice-activity` element messages only when its verdict changes; this turns
/// them back into one flag per 100 ms window (the window's middle decides).
enum WebRTCVoiceMessages {
    static func flags(_ output: String, windows: Int) -> [Bool] {
        var changes: [(time: Double, voice: Bool)] = []
        for line in output.split(separator: "\n") where line.contains("voice-activity") {
            guard let time = value(in: line, after: "stream-time=(guint64)").flatMap(Double.init),
                  let voice = value(in: line, after: "stream-has-voice=(boolean)") else { continue }
            changes.append((time / 1e9, voice == "true"))
        }
        return (0..<windows).map { index in
            let middle = Double(index) * 0.1 + 0.05
            return changes.last { $0.time <= middle }?.voice ?? false
        }
    }

    private static func value(in line: Substring, after key: String) -> String? {
        guard let range = line.range(of: key) else { return nil }
        return String(line[range.upperBound...].prefix { $0.isNumber || $0.isLetter })
    }
}

/// A 16 kHz mono 16-bit WAV file.
enum WAVFile {
    static func write(_ samples: [Int16], to url: URL) throws {
        var data = Data()
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        data.append(contentsOf: Array("RIFF".utf8)); append(UInt32(36 + samples.count * 2))
        data.append(contentsOf: Array("WAVEfmt ".utf8)); append(UInt32(16)); append(UInt16(1)); append(UInt16(1))
        append(UInt32(16_000)); append(UInt32(32_000)); append(UInt16(2)); append(UInt16(16))
        data.append(contentsOf: Array("data".utf8)); append(UInt32(samples.count * 2))
        samples.withUnsafeBytes { data.append(contentsOf: $0) }
        try data.write(to: url)
    }
}
