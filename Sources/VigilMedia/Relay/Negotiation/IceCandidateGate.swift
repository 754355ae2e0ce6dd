import Synchronization

/// Holds the server's ICE candidates back until its offer went to the page. webrtcbin starts
/// gathering (and emits "on-ice-candidate" on its own thread) while the offer is still being
/// applied locally, so without the gate candidates overtake the offer; a page that has no remote
/// description yet must queue them, and any slip there (issue 10: Firefox, mDNS-only peers)
/// leaves the page with nothing to connect to. With the gate the page always sees the offer
/// first, then the candidates in the order webrtcbin gathered them, then the end of candidates
/// (an empty candidate line).
///
/// Called from webrtcbin's threads (`pass`, `endOfCandidates`) and from the session actor
/// (`open`). `send` only yields into the signaling stream, so it is called under the lock:
/// that keeps the order total without ever blocking a streaming thread for long.
final class IceCandidateGate: Sendable {
    private struct State {
        var open = false
        var queued: [(mline: Int, candidate: String)] = []
    }

    private let state = Mutex(State())
    private let send: @Sendable (Int, String) -> Void

    init(send: @escaping @Sendable (Int, String) -> Void) { self.send = send }

    /// A local candidate from webrtcbin: sent now if the offer is out, queued otherwise.
    func pass(mline: Int, candidate: String) {
        state.withLock { state in
            if state.open { send(mline, candidate) } else { state.queued.append((mline, candidate)) }
        }
    }

    /// webrtcbin finished gathering: tells the page no more candidates follow (RFC 8838 §13),
    /// as an empty candidate line on m-line 0 (the bundle's transport).
    func endOfCandidates() { pass(mline: 0, candidate: "") }

    /// The offer was handed to the page's signaling stream: flush what waited, pass the rest.
    func open() {
        state.withLock { state in
            guard !state.open else { return }
            state.open = true
            for queued in state.queued { send(queued.mline, queued.candidate) }
            state.queued.removeAll()
        }
    }

    /// Candidates waiting for the offer (for tests and diagnostics).
    var queuedCount: Int { state.withLock { $0.queued.count } }
}
