import Foundation
import VigilCore

/// The report's "Policy" section: the preset, every check (on or off) with its price, and every
/// threshold, those changed from the standard policy marked, so a reader of the HTML or PDF can
/// tell which numbers judged this session.
enum PolicyHTML {
    static func render(_ policy: SessionPolicy) -> String {
        let f = ReportFormatting.self
        let standard = SessionPolicy.standard
        var html = "<h2>Policy</h2><section class=\"policy\" id=\"policy\">"
        html += "<p>Preset <b id=\"policy-preset\">\(f.escape(policy.preset.rawValue))</b>\(policy.isCustomised ? " (customised)" : "") — \(f.escape(policy.preset.summary)). "
        let off = EventKind.allCases.filter { !policy.isEnabled($0) }
        html += off.isEmpty ? "Every check was on.</p>" : "Checks turned off: <span id=\"policy-disabled\">\(off.map { f.escape($0.rawValue) }.joined(separator: ", "))</span>.</p>"
        html += "<table class=\"policy-checks\"><thead><tr><th>Check</th><th>Wire name</th><th>On</th><th>Per event</th><th>Per minute</th><th>Cap</th></tr></thead><tbody>"
        for kind in EventKind.allCases {
            let rate = policy.prices.rate(for: kind)
            let changed = rate != standard.prices.rate(for: kind)
            html += "<tr data-kind=\"\(kind.rawValue)\" class=\"\(policy.isEnabled(kind) ? "" : "zero")\(changed ? " changed" : "")\"><td>\(f.escape(kind.title))</td><td>\(kind.rawValue)</td><td class=\"enabled\">\(policy.isEnabled(kind) ? "on" : "off")</td><td>\(f.number(rate.perEvent))</td><td>\(f.number(rate.perMinute))</td><td>\(f.number(rate.cap))</td></tr>"
        }
        html += "</tbody></table><p class=\"legend\">Verdict: clear from \(f.number(policy.prices.clearFrom)), review from \(f.number(policy.prices.reviewFrom)). Thresholds (* changed from the standard policy):</p><p class=\"policy-thresholds\">"
        html += PolicyThreshold.all.map { threshold in
            let value = threshold.value(in: policy.thresholds)
            let changed = value != threshold.value(in: standard.thresholds)
            return "<span data-threshold=\"\(threshold.name)\"\(changed ? " class=\"changed\"" : "")>\(threshold.name) \(f.number(value))\(changed ? "*" : "")</span>"
        }.joined(separator: " · ")
        return html + "</p></section>"
    }

    static let style = """
        .policy table td, .policy table th { padding: 2px 6px; font-size: 11px; } tr.changed td, span.changed { font-weight: bold; }
        .policy-thresholds { font-size: 10px; color: #444; line-height: 1.5; }
        """
}
