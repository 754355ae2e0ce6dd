import Foundation
import VigilCore

/// Number and time formats shared by the human-readable exports (HTML, PDF), so the same value
/// reads the same everywhere: whole numbers without decimals, others to one decimal place.
enum ReportFormatting {
    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    }

    /// "m:ss" (or "h:mm:ss") from the session start.
    static func offset(_ seconds: Double) -> String {
        let total = Int(max(0, seconds).rounded(.down))
        let h = total / 3600, m = (total % 3600) / 60, s = total % 60
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, s) : String(format: "%d:%02d", m, s)
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static func verdictText(_ verdict: Verdict) -> String {
        switch verdict {
        case .clear: "Clear"
        case .review: "Needs review"
        case .highRisk: "High risk"
        }
    }
}
