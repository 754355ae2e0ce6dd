import HTTPTypes

extension APIError {
    /// A 429 that says when to come back: `Retry-After` in seconds (RFC 9110 §10.2.3), the same
    /// figure as in the message, so a client (or a proxy) can wait instead of retrying blindly.
    /// Every 429 the server sends is built here.
    static func tooManyRequests(_ code: String, _ message: String, retryAfter seconds: Int) -> APIError {
        APIError(.tooManyRequests, code, message, headers: [.retryAfter: String(max(1, seconds))])
    }
}
