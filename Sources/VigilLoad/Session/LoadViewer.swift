import Synchronization

/// One decoding load peer joined alone with one role's link (the interviewer's, usually): for
/// tests where another client is the candidate (aiortc, a browser) and something must check what
/// the server relays without a browser. It sends the photo too, as an interviewer's camera would.
public final class LoadViewer: Sendable {
    let participant: LoadParticipant
    private let task = Mutex<Task<Void, Never>?>(nil)

    public init(server: String, session: String, role: String, token: String, media: LoadMedia) {
        participant = LoadParticipant(role: role, url: LoadSignaling.url(server: server, session: session, token: token),
                                      media: media, decodeVideo: true)
    }

    /// Joins; returns at once.
    public func start() {
        let participant = participant
        task.withLock { $0 = Task { await participant.run() } }
    }

    public var counts: LoadPeerCounts { participant.counts }

    /// Leaves and waits until the peer's pipeline is stopped.
    public func stop() async {
        participant.leave()
        await task.withLock { $0 }?.value
    }
}
