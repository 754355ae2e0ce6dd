import Foundation

/// Events per second over the last 5 seconds (the live detectors' analysis rate, shown in the
/// overlay's status line and the relay status).
struct RateMeter: Sendable {
    private var times: [Date] = []

    mutating func tick(at now: Date) {
        times.append(now)
        times.removeAll { now.timeIntervalSince($0) > 5 }
    }

    var perSecond: Double {
        guard let first = times.first, let last = times.last, times.count > 1 else { return 0 }
        return Double(times.count - 1) / max(last.timeIntervalSince(first), 0.001)
    }
}
