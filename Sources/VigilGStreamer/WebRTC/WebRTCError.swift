/// A webrtcbin action that did not succeed; `action` is the signal ("create-offer",
/// "set-remote-description", …) so the caller's message names the step.
package enum WebRTCError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The promise was answered with an error, or not at all (interrupted, expired).
    case refused(action: String, reason: String)
    /// The promise was answered without the description it should carry ("offer", "answer").
    case noDescription(action: String, expected: String)
    /// GStreamer could not print the description as SDP text.
    case noSDPText(expected: String)

    /// "create-offer: reason", "webrtcbin gave no offer", "the offer has no SDP text".
    package var description: String {
        switch self {
        case .refused(let action, let reason): "\(action): \(reason)"
        case .noDescription(_, let expected): "webrtcbin gave no \(expected)"
        case .noSDPText(let expected): "the \(expected) has no SDP text"
        }
    }
}
