import Foundation

/// Score bands: clear (≥ 85 by default), review (≥ 60), high risk (below).
public enum Verdict: String, Codable, Sendable {
    case clear
    case review
    case highRisk = "high_risk"

    public init(score: Double, policy: ScoringPolicy = .standard) {
        if score >= policy.clearFrom {
            self = .clear
        } else if score >= policy.reviewFrom {
            self = .review
        } else {
            self = .highRisk
        }
    }
}
