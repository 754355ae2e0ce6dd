import Foundation

/// CPU time and resident memory of a process, read from /proc (Linux). CPU is utime + stime in
/// clock ticks, so two samples give %core over the wall time between them.
struct ProcessSample {
    let cpuSeconds: Double
    let residentMiB: Double
    let at: ContinuousClock.Instant

    /// nil when /proc has no such process (it exited, or this is not Linux).
    static func read(pid: Int32) -> ProcessSample? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after "comm)": state is field 3, utime 14, stime 15 (1-based, man 5 proc).
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let utime = Double(fields[11]), let stime = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        var rss = 0.0
        if let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) {
            rss = (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
        }
        return ProcessSample(cpuSeconds: (utime + stime) / ticks, residentMiB: rss, at: .now)
    }

    /// %core used between `earlier` and this sample (100 = one core busy all the time).
    func percentCore(since earlier: ProcessSample) -> Double {
        let wall = (at - earlier.at) / .seconds(1)
        return wall > 0 ? (cpuSeconds - earlier.cpuSeconds) / wall * 100 : 0
    }
}
