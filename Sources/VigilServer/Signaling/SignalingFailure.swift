/// An error sent to the page as `{"type": "error", …}`.
struct SignalingFailure: Error, Sendable {
    let code: String
    let message: String
    init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }
}
