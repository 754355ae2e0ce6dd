/// Where a session stands in the operator's list: `created` until a page first joins its call,
/// `live` from then until it ends, `ended` after. Finer than `SessionInfo.Status` (which a report
/// needs only as live or ended) because an operator wants to tell unused links from calls.
public enum SessionStage: String, Codable, Sendable, CaseIterable {
    case created
    case live
    case ended
}
