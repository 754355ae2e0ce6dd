import Foundation
import VigilCore

/// The report as CSV, one row per event (RFC 4180), for spreadsheets. The session's score and
/// verdict repeat on every row so a filtered sheet still carries them.
public enum ReportCSV {
    public static let header = [
        "session_id", "event_id", "kind", "source", "start", "end", "duration_seconds", "confidence",
        "counted", "details", "review_decision", "reviewer", "reviewed_at", "review_note",
        "session_score", "session_verdict",
    ]

    public static func render(_ report: Report) -> String {
        let asOf = report.session.endedAt ?? report.generatedAt
        var lines = [header.joined(separator: ",")]
        for event in report.events {
            let fields = [
                report.session.id,
                String(event.id),
                event.kind.rawValue,
                event.source.rawValue,
                Timestamp.format(event.start),
                event.end.map(Timestamp.format) ?? "",
                String(format: "%.3f", event.duration(asOf: asOf)),
                String(format: "%.3f", event.confidence),
                event.isDismissed ? "false" : "true",
                text(event.details),
                event.review?.decision.rawValue ?? "",
                text(event.review?.reviewer),
                event.review.map { Timestamp.format($0.at) } ?? "",
                text(event.review?.note),
                String(report.score),
                report.verdict.rawValue,
            ]
            lines.append(fields.map(quote).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Free text from pages and reviewers: a leading = + - @ would make a spreadsheet run it as a
    /// formula, so such text gets a leading apostrophe.
    static func text(_ value: String?) -> String {
        guard let value, let first = value.unicodeScalars.first else { return "" }
        return "=+-@\t\r\n".unicodeScalars.contains(first) ? "'" + value : value
    }

    static func quote(_ field: String) -> String {
        // Scalars, not Characters: "\r\n" is one Character equal to neither "\r" nor "\n".
        guard field.unicodeScalars.contains(where: { ",\"\r\n".unicodeScalars.contains($0) }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
