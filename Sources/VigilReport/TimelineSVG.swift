import Foundation
import VigilCore

/// The session's timeline as an inline SVG: one lane per kind that occurred, one bar per event
/// (at least 2 px wide so instants stay visible), dismissed events drawn hollow. A bar spans the
/// condition (start to end); a dark tick on it marks when the rule flagged it.
enum TimelineSVG {
    static let width = 720.0
    static let laneHeight = 22.0
    static let labelWidth = 150.0

    static func render(_ report: Report) -> String {
        let kinds = EventKind.allCases.filter { kind in report.events.contains { $0.kind == kind } }
        let duration = max(report.durationSeconds, 1)
        let plotWidth = width - labelWidth - 10
        let height = Double(max(kinds.count, 1)) * laneHeight + 30
        let origin = report.session.createdAt
        let asOf = report.session.endedAt ?? report.generatedAt
        func x(_ seconds: Double) -> Double { labelWidth + min(max(seconds, 0), duration) / duration * plotWidth }

        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" aria-label="Timeline of events" \
            viewBox="0 0 \(Int(width)) \(Int(height))" width="\(Int(width))" height="\(Int(height))">
            """
        svg += "<rect x=\"\(Int(labelWidth))\" y=\"0\" width=\"\(Int(plotWidth))\" height=\"\(Int(height - 30))\" fill=\"#f6f7f9\"/>"
        for (lane, kind) in kinds.enumerated() {
            let y = Double(lane) * laneHeight
            svg += "<text x=\"4\" y=\"\(fmt(y + 15))\" font-size=\"12\" fill=\"#222\">\(ReportFormatting.escape(kind.title))</text>"
            for event in report.events where event.kind == kind {
                let start = event.start.timeIntervalSince(origin)
                let end = start + event.duration(asOf: asOf)
                let left = x(start), barWidth = max(2, x(end) - left)
                let colour = kind.origin == .page ? "#7b61ff" : (["phone", "book", "device", "multiple_faces"].contains(kind.rawValue) ? "#d93025" : "#f29900")
                let fill = event.isDismissed ? "none" : colour
                let flagged = event.flaggedAt.timeIntervalSince(origin)
                let flagNote = event.flaggingDelay >= 0.05 ? ", flagged at \(ReportFormatting.offset(flagged))" : ""
                svg += "<rect x=\"\(fmt(left))\" y=\"\(fmt(y + 4))\" width=\"\(fmt(barWidth))\" height=\"\(fmt(laneHeight - 8))\" fill=\"\(fill)\" stroke=\"\(colour)\"><title>\(ReportFormatting.escape(kind.title)) from \(ReportFormatting.offset(start)) to \(ReportFormatting.offset(end))\(flagNote)</title></rect>"
                if event.flaggingDelay >= 0.05 {
                    svg += "<line class=\"flag\" x1=\"\(fmt(x(flagged)))\" y1=\"\(fmt(y + 2))\" x2=\"\(fmt(x(flagged)))\" y2=\"\(fmt(y + laneHeight - 2))\" stroke=\"#202124\" stroke-width=\"1.5\"/>"
                }
            }
        }
        let axisY = height - 30
        svg += "<line x1=\"\(Int(labelWidth))\" y1=\"\(fmt(axisY))\" x2=\"\(Int(labelWidth + plotWidth))\" y2=\"\(fmt(axisY))\" stroke=\"#555\"/>"
        let step = niceStep(duration)
        var tick = 0.0
        while tick <= duration + 0.001 {
            svg += "<line x1=\"\(fmt(x(tick)))\" y1=\"\(fmt(axisY))\" x2=\"\(fmt(x(tick)))\" y2=\"\(fmt(axisY + 5))\" stroke=\"#555\"/>"
            svg += "<text x=\"\(fmt(x(tick)))\" y=\"\(fmt(axisY + 18))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#333\">\(ReportFormatting.offset(tick))</text>"
            tick += step
        }
        return svg + "</svg>"
    }

    /// A tick spacing giving about 6–10 ticks.
    static func niceStep(_ duration: Double) -> Double {
        for step in [5.0, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600] where duration / step <= 10 { return step }
        return (duration / 10 / 3600).rounded(.up) * 3600
    }

    static func fmt(_ value: Double) -> String { String(format: "%.1f", value) }
}
