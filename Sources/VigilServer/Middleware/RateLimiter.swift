import Foundation

/// Counts events per client in a sliding window and says when a client is over its allowance.
/// In memory: limits reset when the server restarts, which is fine for slowing down guessing and
/// floods; it is not an accounting system.
actor RateLimiter {
    let limit: Int
    let window: TimeInterval
    private var hits: [String: [Date]] = [:]

    init(limit: Int, per window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// Whether `client` is still within its allowance (without counting anything). A limit of
    /// 0 or less means no limit.
    func allows(_ client: String, now: Date = Date()) -> Bool {
        limit <= 0 || prune(client, now: now) < limit
    }

    /// Counts one event for `client`.
    func record(_ client: String, now: Date = Date()) {
        _ = prune(client, now: now)
        hits[client, default: []].append(now)
        if hits.count > 10_000 { hits = hits.filter { !$0.value.isEmpty } }
    }

    /// Seconds until the oldest counted event leaves the window.
    func retryAfter(_ client: String, now: Date = Date()) -> Int {
        guard let oldest = hits[client]?.first else { return 0 }
        return max(1, Int((oldest.addingTimeInterval(window).timeIntervalSince(now)).rounded(.up)))
    }

    private func prune(_ client: String, now: Date) -> Int {
        let cutoff = now.addingTimeInterval(-window)
        let kept = (hits[client] ?? []).filter { $0 > cutoff }
        hits[client] = kept.isEmpty ? nil : kept
        return kept.count
    }
}
