/// Where proctoring's updates go. Proctoring knows nothing of HTTP or signaling: the server
/// implements this to push alerts and events to the interviewer's and proctors' pages and to
/// draw the overlay into their video; tests implement it to collect what was published.
/// Updates of one session arrive in the order they happened.
public protocol ProctoringOutput: Sendable {
    func publish(_ update: ProctoringUpdate, session: String) async
}
