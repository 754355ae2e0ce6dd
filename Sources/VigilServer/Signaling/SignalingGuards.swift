import Foundation

/// The limits the signaling route enforces, and the shared state they need: who may open a
/// socket (failures counted per real client address, with the same limiter as the API), how
/// many live sessions and proctors there may be (`SignalingAdmission`), how long a join may go
/// unanswered and how fast one socket may send.
struct SignalingGuards: Sendable {
    /// Wrong-token and unknown-session upgrades, counted per client address with the API's limiter.
    let authFailures: RateLimiter
    let addresses: ClientAddressResolver
    let admission: SignalingAdmission
    /// A joined page that has not answered the offer after this long is dropped (`join_timeout`).
    let joinTimeout: Duration
    let joinTimeoutSeconds: Double
    /// Messages a socket may send in a burst, and per second once the burst is spent.
    let messagesPerSecond: Int

    /// Limits from the configuration, sharing `authFailures` with the API's middleware.
    init(configuration: ServerConfiguration, authFailures: RateLimiter) {
        self.authFailures = authFailures
        addresses = ClientAddressResolver(trustedProxies: configuration.trustedProxies)
        admission = SignalingAdmission(maxLiveSessions: configuration.maxLiveSessions,
                                       maxProctorsPerSession: configuration.maxProctorsPerSession)
        joinTimeoutSeconds = configuration.joinTimeoutSeconds
        joinTimeout = .milliseconds(Int64(configuration.joinTimeoutSeconds * 1000))
        messagesPerSecond = configuration.signalingMessagesPerSecond
    }
}
