import Foundation
import VigilProctoring

/// Progress of a long offline job on standard error. On a terminal one line is redrawn in place
/// (bar, percent, frames per second, time left); in a log or a pipe, where carriage returns
/// would pile up, a plain line is written at every tenth of the way or every 5 s, whichever
/// comes first. Standard output stays free for the report.
struct ProgressReporter: AnalysisProgress {
    let label: String
    /// Seconds of media in the file; nil when unknown (then no percent or ETA, only counts).
    let total: Double?
    let isTerminal: Bool
    private let started = ContinuousClock.now
    private var lastDrawn: ContinuousClock.Instant?
    private var lastTenth = -1
    private var drewLine = false

    init(label: String, total: Double?, isTerminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.label = label
        self.total = total.flatMap { $0 > 0 ? $0 : nil }
        self.isTerminal = isTerminal
    }

    /// Call after each frame with the media time reached and frames done so far.
    mutating func update(position: Double, frames: Int) {
        let now = ContinuousClock.now
        if isTerminal {
            if let lastDrawn, now - lastDrawn < .milliseconds(100) { return }
            lastDrawn = now
            write("\r" + line(position: position, frames: frames, bar: true) + "\u{1B}[K")
            drewLine = true
        } else {
            let tenth = total.map { Int(min(1, position / $0) * 10) } ?? lastTenth
            let due = lastDrawn.map { now - $0 >= .seconds(5) } ?? false
            guard tenth > lastTenth || due else { return }
            lastTenth = max(lastTenth, tenth)
            lastDrawn = now
            write(line(position: position, frames: frames, bar: false) + "\n")
        }
    }

    /// Draws the final state (on a terminal) and ends the line so that later output starts on a
    /// fresh one.
    mutating func finish(position: Double, frames: Int) {
        if isTerminal && drewLine {
            write("\r" + line(position: position, frames: frames, bar: true) + "\u{1B}[K\n")
        }
        drewLine = false
    }

    /// "label [#####.....]  45%  12.3 frames/s  ETA 0:08" (the bar only on a terminal).
    func line(position: Double, frames: Int, bar: Bool) -> String {
        let elapsed = Self.seconds(ContinuousClock.now - started)
        let rate = elapsed > 0 ? Double(frames) / elapsed : 0
        var parts = [label]
        if let total {
            let fraction = min(1, max(0, position / total))
            if bar {
                let width = 24, filled = Int((fraction * Double(width)).rounded(.down))
                parts.append("[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]")
            }
            parts.append(String(format: "%3.0f%%", fraction * 100))
            parts.append(String(format: "%@ / %@", Self.clock(position), Self.clock(total)))
        } else {
            parts.append(Self.clock(position))
        }
        parts.append(String(format: "%.1f frames/s", rate))
        if let total, position > 0, elapsed > 0 {
            let remaining = (total - position) * elapsed / position
            parts.append("ETA " + Self.clock(max(0, remaining)))
        }
        return parts.joined(separator: "  ")
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// "1:05" or "1:02:05".
    static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        let hours = whole / 3600, minutes = whole / 60 % 60, rest = whole % 60
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, rest) : String(format: "%d:%02d", minutes, rest)
    }
}
