import Foundation

/// The session's integrity score: 100 minus the capped deduction of each kind, never below 0,
/// with every deduction explained so a hiring committee can check the arithmetic.
public struct IntegrityScore: Sendable, Codable, Equatable {
    public var score: Double
    public var verdict: Verdict
    /// One entry per kind that has events, in `EventKind` order.
    public var deductions: [Deduction]

    public init(events: [ProctoringEvent], policy: ScoringPolicy = .standard, asOf now: Date) {
        var deductions: [Deduction] = []
        for kind in EventKind.allCases {
            let ofKind = events.filter { $0.kind == kind }
            guard !ofKind.isEmpty else { continue }
            deductions.append(Deduction(kind: kind, events: ofKind, rate: policy.rate(for: kind), asOf: now))
        }
        let total = deductions.reduce(0) { $0 + $1.points }
        score = Self.round1(max(0, 100 - total))
        verdict = Verdict(score: score, policy: policy)
        self.deductions = deductions
    }

    static func round1(_ value: Double) -> Double { (value * 10).rounded() / 10 }
}
