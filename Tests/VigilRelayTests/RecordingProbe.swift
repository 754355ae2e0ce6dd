import Foundation

/// What ffprobe reads back from a WebM recording: its streams' codecs and the time of the last
/// video packet (the length a player shows, also for a file cut short by a crash).
struct RecordingProbe {
    let codecs: [String]
    let lastVideoSeconds: Double
    /// Every video packet's size in order (equal runs show packets copied, not re-encoded).
    let videoPacketSizes: [Int]
    /// Whether the first video packet is a key frame (a clip must start with a picture).
    let startsWithKeyFrame: Bool

    init(file: URL) throws {
        func ffprobe(_ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/ffprobe")
            process.arguments = ["-v", "error"] + arguments + [file.path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        codecs = try ffprobe(["-show_entries", "stream=codec_name", "-of", "csv=p=0"])
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let times = try ffprobe(["-select_streams", "v", "-show_entries", "packet=pts_time", "-of", "csv=p=0"])
            .split(separator: "\n").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        lastVideoSeconds = times.max() ?? 0
        videoPacketSizes = try ffprobe(["-select_streams", "v", "-show_entries", "packet=size", "-of", "csv=p=0"])
            .split(separator: "\n").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let flags = try ffprobe(["-select_streams", "v", "-show_entries", "packet=flags", "-of", "csv=p=0"]).split(separator: "\n")
        startsWithKeyFrame = flags.first?.hasPrefix("K") == true
    }
}

/// CPU time of the server's recording threads (GStreamer names a task thread after its pad:
/// `record_queue:src` in the candidate's pipeline, `rec_*_q:src` and the recorder's appsrcs
/// `video:src`, `candidate_audio`, `interviewer_audio` truncated to 15 characters), from
/// /proc/PID/task/*/stat (utime + stime, in clock ticks of 1/100 s).
enum RecorderThreads {
    static let prefixes = ["record_queue", "rec_", "video:src", "candidate_audi", "interviewer_au"]

    static func cpuSeconds(pid: Int32) -> Double {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        var ticks = 0.0
        for task in tasks {
            let comm = ((try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/comm", encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard prefixes.contains(where: { comm.hasPrefix($0) }),
                  let stat = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            // After the ")": state is field 3, utime 14 and stime 15 (1-based in proc(5)).
            guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { continue }
            ticks += user + system
        }
        return ticks / 100
    }

    static func round(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}
