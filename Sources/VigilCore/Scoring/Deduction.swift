import Foundation

/// The points one kind of event cost, and why.
public struct Deduction: Sendable, Codable, Equatable {
    public var kind: EventKind
    /// Events that count (not dismissed).
    public var events: Int
    /// Events a reviewer dismissed; they cost nothing.
    public var dismissed: Int
    /// Total seconds of the counted events.
    public var seconds: Double
    /// Points before the cap.
    public var uncapped: Double
    public var cap: Double
    /// Points actually deducted: min(uncapped, cap), rounded to 0.1.
    public var points: Double
    public var explanation: String

    public init(kind: EventKind, events all: [ProctoringEvent], rate: ScoringPolicy.Rate, asOf now: Date) {
        let counted = all.filter { !$0.isDismissed }
        self.kind = kind
        events = counted.count
        dismissed = all.count - counted.count
        seconds = IntegrityScore.round1(counted.reduce(0) { $0 + $1.duration(asOf: now) })
        uncapped = IntegrityScore.round1(Double(events) * rate.perEvent + seconds / 60 * rate.perMinute)
        cap = rate.cap
        points = IntegrityScore.round1(min(uncapped, rate.cap))
        var text = "\(events) × \(Self.number(rate.perEvent)) per event"
        if rate.perMinute > 0 {
            text += " + \(Self.number(seconds)) s × \(Self.number(rate.perMinute)) per minute"
        }
        text += " = \(Self.number(uncapped))"
        if uncapped > rate.cap { text += ", capped at \(Self.number(rate.cap))" }
        if dismissed > 0 { text += "; \(dismissed) dismissed by a reviewer (no cost)" }
        explanation = text
    }

    public static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
