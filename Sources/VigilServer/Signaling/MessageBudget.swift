import Foundation

/// How many messages one signaling socket may still send: a token bucket holding `burst`
/// messages, refilled at `burst` per second. A page sends a join, an answer and a few dozen ICE
/// candidates; a socket past its budget is flooding. Its messages are dropped, the first of a
/// run gets `rate_limited`, and a socket that keeps sending past the budget for another `burst`
/// messages is closed: answering every dropped message would let a flood make the server flood.
struct MessageBudget: Sendable {
    enum Verdict: Equatable {
        /// Within budget: handle the message.
        case accepted
        /// Over budget: drop it; `first` says whether it starts a run of dropped messages.
        case dropped(first: Bool)
        /// Kept flooding: close the socket.
        case flooding
    }

    let burst: Int
    private var tokens: Double
    private var refilledAt: ContinuousClock.Instant
    private var droppedInARow = 0

    init(burst: Int, now: ContinuousClock.Instant = .now) {
        self.burst = burst
        tokens = Double(burst)
        refilledAt = now
    }

    /// Spends one message (a burst of 0 or less means no limit).
    mutating func spend(now: ContinuousClock.Instant = .now) -> Verdict {
        guard burst > 0 else { return .accepted }
        let elapsed = now - refilledAt
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        tokens = min(Double(burst), tokens + seconds * Double(burst))
        refilledAt = now
        if tokens >= 1 {
            tokens -= 1
            droppedInARow = 0
            return .accepted
        }
        droppedInARow += 1
        return droppedInARow > burst ? .flooding : .dropped(first: droppedInARow == 1)
    }
}
