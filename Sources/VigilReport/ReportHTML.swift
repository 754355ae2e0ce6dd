import Foundation
import VigilCore

/// The report as one self-contained HTML page (styles, the SVG timeline and the snapshot JPEGs
/// all inline; no external resource), readable on screen and printable to A4 — the PDF export
/// prints this same page, so both show the same content.
public enum ReportHTML {
    /// `snapshots` maps snapshot ids to JPEG bytes; events whose snapshot is missing show none.
    /// `eventLinks` (by event id) adds each event's moment on the review page and its clip.
    public static func render(_ report: Report, snapshots: [Int64: [UInt8]] = [:], eventLinks: [Int64: ReportEventLinks] = [:]) -> String {
        let f = ReportFormatting.self
        let session = report.session
        let asOf = session.endedAt ?? report.generatedAt
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>Vigil report — \(f.escape(session.title ?? session.candidateName))</title>
            <style>\(style)\(PolicyHTML.style)</style></head><body>
            <header><h1>Proctoring report</h1>
            <p class="facts"><b>\(f.escape(session.title ?? "Interview"))</b> · candidate <b>\(f.escape(session.candidateName))</b> · interviewer <b>\(f.escape(session.interviewerName))</b></p>
            <p class="facts">Session \(f.escape(session.id)) · started \(Timestamp.format(session.createdAt)) · \(session.endedAt.map { "ended \(Timestamp.format($0))" } ?? "still live") · duration \(f.offset(report.durationSeconds))</p>
            </header>
            <section class="summary verdict-\(report.verdict.rawValue)">
            <div class="score">Integrity score <span id="score">\(f.number(report.score))</span>/100</div>
            <div class="verdict">Verdict: <span id="verdict">\(f.verdictText(report.verdict))</span> (\(report.verdict.rawValue))</div>
            <p>100 minus the deductions below, each kind capped, at this session's prices (policy \(f.escape(report.policy.name)), below). Events a reviewer dismissed cost nothing.</p>
            </section>
            <h2>Deductions</h2>
            """
        if report.deductions.isEmpty {
            html += "<p>No events: nothing deducted.</p>"
        } else {
            html += "<table class=\"deductions\"><thead><tr><th>Kind</th><th>Events</th><th>Dismissed</th><th>Seconds</th><th>Points</th><th>How</th></tr></thead><tbody>"
            for d in report.deductions {
                html += "<tr data-kind=\"\(d.kind.rawValue)\"><td>\(f.escape(d.kind.title))</td><td>\(d.events)</td><td>\(d.dismissed)</td><td>\(f.number(d.seconds))</td><td class=\"points\">−\(f.number(d.points))</td><td>\(f.escape(d.explanation))</td></tr>"
            }
            html += "</tbody></table>"
        }
        html += PolicyHTML.render(report.policy)
        html += "<h2>Timeline</h2>" + TimelineSVG.render(report)
        html += "<p class=\"legend\">Each bar spans a condition from when it began to when it ended; a dark tick marks when the rule flagged it.</p>"
        html += "<h2>Counts and durations</h2><table class=\"counts\"><thead><tr><th>Kind</th><th>Wire name</th><th>Events</th><th>Total seconds</th></tr></thead><tbody>"
        for kind in EventKind.allCases {
            let count = report.counts[kind.rawValue] ?? 0
            let seconds = report.durations[kind.rawValue] ?? 0
            html += "<tr data-kind=\"\(kind.rawValue)\" class=\"\(count == 0 ? "zero" : "")\"><td>\(f.escape(kind.title))</td><td>\(kind.rawValue)</td><td class=\"count\">\(count)</td><td class=\"seconds\">\(f.number(seconds))</td></tr>"
        }
        html += "</tbody></table><h2>Events</h2>"
        if report.events.isEmpty {
            html += "<p>No events were recorded.</p>"
        }
        for event in report.events {
            let offset = event.start.timeIntervalSince(session.createdAt)
            html += "<article class=\"event\(event.isDismissed ? " dismissed" : "")\" data-event-id=\"\(event.id)\"><div class=\"text\">"
            html += "<h3>#\(event.id) \(f.escape(event.kind.title)) <small>at \(f.offset(offset)), \(f.number(event.duration(asOf: asOf))) s</small></h3>"
            html += "<p>\(Timestamp.format(event.start)) → \(event.end.map(Timestamp.format) ?? "open") · confidence \(String(format: "%.2f", event.confidence)) · source \(event.source.rawValue)</p>"
            if event.flaggingDelay >= 0.05 {
                html += "<p class=\"flagged\">Flagged at \(f.offset(event.flaggedAt.timeIntervalSince(session.createdAt))) (\(Timestamp.format(event.flaggedAt))), \(f.number(event.flaggingDelay)) s after it began: the rule's threshold</p>"
            }
            if let details = event.details { html += "<p class=\"details\">\(f.escape(details))</p>" }
            if let links = eventLinks[event.id] {
                html += "<p class=\"links\"><a class=\"review-link\" href=\"\(f.escape(links.review))\">Watch on the review page</a> · <a class=\"clip-link\" href=\"\(f.escape(links.clip))\">Clip (WebM)</a></p>"
            }
            // Every decision, oldest first; the last one counts.
            for review in event.reviews.isEmpty ? (event.review.map { [$0] } ?? []) : event.reviews {
                html += "<p class=\"review\">\(review.decision == .dismissed ? "Dismissed" : "Confirmed") by \(f.escape(review.reviewer)) at \(Timestamp.format(review.at))\(review.note.map { ": " + f.escape($0) } ?? "")</p>"
            }
            html += "</div>"
            if let reference = event.snapshot, let jpeg = snapshots[reference.id] {
                html += "<figure><img alt=\"Snapshot of event \(event.id)\" src=\"data:image/jpeg;base64,\(Data(jpeg).base64EncodedString())\"><figcaption>the frame at the flag (\(f.offset(event.flaggedAt.timeIntervalSince(session.createdAt)))) · sha256 \(reference.sha256)</figcaption></figure>"
            }
            html += "</article>"
        }
        html += "<footer>Generated by Vigil at \(Timestamp.format(report.generatedAt)).</footer></body></html>\n"
        return html
    }

    static let style = """
        @page { size: A4; margin: 14mm; }
        body { font-family: "DejaVu Sans", Arial, sans-serif; color: #1d1d1f; max-width: 760px; margin: 24px auto; font-size: 13px; }
        h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 22px 0 8px; border-bottom: 1px solid #ddd; }
        .facts { margin: 2px 0; color: #444; }
        .summary { border-radius: 8px; padding: 12px 16px; margin-top: 14px; }
        .verdict-clear { background: #e6f4ea; } .verdict-review { background: #fef7e0; } .verdict-high_risk { background: #fce8e6; }
        .score { font-size: 20px; } .score span { font-size: 30px; font-weight: bold; }
        table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid #e3e3e3; padding: 4px 6px; text-align: left; }
        tr.zero { color: #999; } td.points { font-weight: bold; }
        .timeline { max-width: 100%; height: auto; }
        .event { display: flex; gap: 12px; border-bottom: 1px solid #eee; padding: 8px 0; page-break-inside: avoid; }
        .event .text { flex: 1; } .event h3 { font-size: 14px; margin: 0 0 4px; } .event p { margin: 2px 0; }
        .event.dismissed h3 { text-decoration: line-through; color: #777; }
        figure { margin: 0; width: 220px; } figure img { width: 220px; border-radius: 4px; } figcaption { font-size: 8px; color: #777; word-break: break-all; }
        footer { margin-top: 24px; color: #777; font-size: 11px; }
        """
}
