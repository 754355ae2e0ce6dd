import Foundation
import VigilCore

/// The report as CSV, one row per event (RFC 4180), for spreadsheets. The session's score and
/// verdict repeat on every row so a filtered sheet still carries them. `start`, `end` and
/// `duration_seconds` are the condition's span; `flagged_at` (last column) is when the rule fired.
public enum ReportCSV {
    public static let header = [
        "session_id", "event_id", "kind", "source", "start", "end", "duration_seconds", "confidence",
        "counted", "details", "review_decision", "reviewer", "reviewed_at", "review_note",
        "session_score", "session_verdict",
        // Appended (not beside start/end) so that sheets built on the earlier columns keep working.
        "flagged_at",
        // The policy that judged the session: its name and its full JSON (checks, thresholds, prices).
        "policy_name", "policy",
    ]

    public static func render(_ report: Report) -> String {
        let asOf = report.session.endedAt ?? report.generatedAt
        var lines = [header.joined(separator: ",")]
        let policyJSON = policy(report.policy)
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
                Timestamp.format(event.flaggedAt),
                report.policy.name,
                policyJSON,
            ]
            lines.append(fields.map(quote).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The policy as one line of JSON, the shape `POST /api/sessions` takes.
    static func policy(_ policy: SessionPolicy) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(policy)).map { String(decoding: $0, as: UTF8.self) } ?? ""
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
