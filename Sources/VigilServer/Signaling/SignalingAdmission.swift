import VigilCore

/// Decides whether a page may take a place on this server: a session is live while at least one
/// page is connected to its relay, and the server takes at most `maxLiveSessions` of them (each
/// costs a relay and, once joined, pipelines and threads); a session has at most
/// `maxProctorsPerSession` proctors in the call (20 sockets on one proctor link made 20
/// pipelines and 252 threads before this). Places are taken before the relay does any work and
/// given back when the page leaves, so concurrent joins cannot overshoot a cap.
actor SignalingAdmission {
    let maxLiveSessions: Int
    let maxProctorsPerSession: Int
    private var sockets: [String: Set<String>] = [:]
    private var proctorsInCall: [String: Set<String>] = [:]

    init(maxLiveSessions: Int, maxProctorsPerSession: Int) {
        self.maxLiveSessions = maxLiveSessions
        self.maxProctorsPerSession = maxProctorsPerSession
    }

    /// A page's socket to `session` opens; refused with `server_full` when the session is not
    /// live yet and the server already holds its cap of live sessions (0: no cap).
    func openSocket(_ socket: String, session: String) throws(SignalingFailure) {
        if sockets[session] == nil, maxLiveSessions > 0, sockets.count >= maxLiveSessions {
            throw SignalingFailure("server_full", "this server already holds \(maxLiveSessions) live sessions (its cap); try again when one ends, or use another server")
        }
        sockets[session, default: []].insert(socket)
    }

    /// Sessions with at least one page connected (this node's live sessions, heartbeat to the store).
    var liveSessionCount: Int { sockets.count }

    /// The socket closed; the session stops being live with its last page.
    func closeSocket(_ socket: String, session: String) {
        sockets[session]?.remove(socket)
        if sockets[session]?.isEmpty == true { sockets[session] = nil }
        leaveCall(socket, session: session)
    }

    /// The page's participant joins the call; a proctor beyond the session's cap is refused
    /// with `too_many_participants` (0: no cap). Joining again from the same socket keeps its place.
    func joinCall(_ participant: String, role: ParticipantRole, session: String) throws(SignalingFailure) {
        guard role == .proctor else { return }
        var proctors = proctorsInCall[session] ?? []
        if !proctors.contains(participant), maxProctorsPerSession > 0, proctors.count >= maxProctorsPerSession {
            throw SignalingFailure("too_many_participants", "session \(session) already has \(maxProctorsPerSession) proctors in the call (the cap); join when one leaves")
        }
        proctors.insert(participant)
        proctorsInCall[session] = proctors
    }

    /// The participant left the call (left, timed out, refused, or its socket closed).
    func leaveCall(_ participant: String, session: String) {
        proctorsInCall[session]?.remove(participant)
        if proctorsInCall[session]?.isEmpty == true { proctorsInCall[session] = nil }
    }
}
