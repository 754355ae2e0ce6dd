import Metrics

/// `vigil_rate_limit_refused_total{reason}`: requests, upgrades and signaling messages a limit
/// refused, by the error code the client got, so an operator sees which limit bites.
enum RefusalCounter {
    static func increment(_ reason: String) {
        Counter(label: "vigil_rate_limit_refused_total", dimensions: [("reason", reason)]).increment()
    }
}
