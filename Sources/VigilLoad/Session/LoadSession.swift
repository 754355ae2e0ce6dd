import Foundation

/// One proctored session under load: a candidate peer sending the face photo, and an
/// interviewer peer sending a similar stream and decoding the candidate's video as the server
/// relays it (re-encoded, with the detectors' boxes drawn in). The candidate counts the
/// interviewer's VP8 frames without decoding them, to keep the load client's own CPU low.
public final class LoadSession: Sendable {
    public let session: String
    let candidate: LoadParticipant
    let interviewer: LoadParticipant
    private let tasks = TaskBox()

    public struct Counts: Sendable {
        public var candidate: LoadPeerCounts
        public var interviewer: LoadPeerCounts
    }

    /// - Parameters: server: the base URL (`http://127.0.0.1:8080`); the tokens from the
    ///   session's join links.
    public init(server: String, session: String, candidateToken: String, interviewerToken: String, media: LoadMedia) {
        self.session = session
        candidate = LoadParticipant(role: "candidate", url: LoadSignaling.url(server: server, session: session, token: candidateToken),
                                    media: media, decodeVideo: false)
        interviewer = LoadParticipant(role: "interviewer", url: LoadSignaling.url(server: server, session: session, token: interviewerToken),
                                      media: media, decodeVideo: true)
    }

    /// Joins both peers (candidate first, as in a real interview); returns at once.
    public func start() {
        let (candidate, interviewer) = (candidate, interviewer)
        tasks.add(Task { await candidate.run() })
        tasks.add(Task {
            try? await Task.sleep(for: .milliseconds(300))
            await interviewer.run()
        })
    }

    public var counts: Counts { Counts(candidate: candidate.counts, interviewer: interviewer.counts) }

    /// Waits until both peers receive video (the call is up), or the timeout passes.
    public func waitUntilFlowing(timeout: Duration, frames: Int = 30) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let now = counts
            if now.interviewer.videoFrames >= frames, now.candidate.videoFrames >= frames { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// Leaves with both peers and waits until their pipelines are stopped.
    public func stop() async {
        interviewer.leave()
        candidate.leave()
        for task in tasks.all { await task.value }
    }

    private final class TaskBox: @unchecked Sendable {
        private let lock = NSLock()
        private var tasks: [Task<Void, Never>] = []
        func add(_ task: Task<Void, Never>) { lock.withLock { tasks.append(task) } }
        var all: [Task<Void, Never>] { lock.withLock { tasks } }
    }
}
