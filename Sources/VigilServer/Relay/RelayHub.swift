import Foundation
import Logging
import Metrics
import VigilCore
import VigilLifecycle
import VigilMedia
import VigilStore

/// The live relays of the server, one `RelaySession` per interview session with someone in the
/// call. Created on the first join, torn down when the session ends or is deleted (it subscribes
/// to the `SessionLifecycle`; its pages are told `ended`). Consumes each session's analysis frames
/// (counting them in `vigil_relay_analysis_frames_total{session}`) and hands them to
/// `frameConsumer`, the hook the detectors plug into.
actor RelayHub: SessionService {
    typealias FrameConsumer = @Sendable (_ session: String, _ frame: VideoFrame) async -> Void
    typealias EventConsumer = @Sendable (_ session: String, _ event: RelayEvent) async -> Void
    typealias VoiceConsumer = @Sendable (_ session: String, _ activity: VoiceActivity) async -> Void

    let pipelines: RelayPipelines
    let configuration: RelayConfiguration
    private let logger: Logger
    private var frameConsumer: FrameConsumer?
    private var eventConsumer: EventConsumer?
    private var voiceConsumer: VoiceConsumer?
    private var sessions: [String: RelaySession] = [:]
    private var endedSessions: Set<String> = []
    /// Told of every new session relay, to start its recording (`SessionRecordings`).
    private var relayStarted: (@Sendable (RelaySession) async -> Void)?

    init(pipelines: RelayPipelines, configuration: RelayConfiguration, logger: Logger) {
        self.pipelines = pipelines
        self.configuration = configuration
        self.logger = logger
    }

    /// Where every session's analysis frames and relay events go from now on (the detectors and
    /// the presence watch); set once at start-up, before the first join.
    func consume(frames: @escaping FrameConsumer, events: @escaping EventConsumer) {
        frameConsumer = frames
        eventConsumer = events
    }

    /// Where every session's voice windows (both microphones) go: the audio rules.
    func consume(voice: @escaping VoiceConsumer) {
        voiceConsumer = voice
    }

    /// The session's relay, created if this is the first participant.
    func session(_ id: String) throws(MediaError) -> RelaySession {
        if let existing = sessions[id] { return existing }
        guard !endedSessions.contains(id) else { throw .sessionEnded(id) }
        let session = RelaySession(id: id, pipelines: pipelines, configuration: configuration)
        sessions[id] = session
        Gauge(label: "vigil_relay_sessions").record(sessions.count)
        consume(session)
        if let relayStarted { Task { await relayStarted(session) } }
        logger.info("relay started", metadata: ["session": "\(id)", "gstreamer": "\(GStreamerRuntime.version)"])
        return session
    }

    func existing(_ id: String) -> RelaySession? { sessions[id] }

    /// Where every new session relay is announced from now on; set once at start-up.
    func announceRelays(to started: @escaping @Sendable (RelaySession) async -> Void) { relayStarted = started }

    func sessionEnded(_ id: String, at end: Date) async { await self.end(id) }

    func sessionDeleted(_ id: String) async { await end(id) }

    /// Ends the session's relay (if any): every page is told `ended`, every pipeline torn
    /// down, and later joins are refused.
    func end(_ id: String) async {
        endedSessions.insert(id)
        guard let session = sessions.removeValue(forKey: id) else { return }
        await session.end()
        Gauge(label: "vigil_relay_sessions").record(sessions.count)
        Gauge(label: "vigil_relay_pipelines").record(GStreamerRuntime.livePipelines)
        logger.info("relay torn down", metadata: ["session": "\(id)", "pipelines_alive": "\(GStreamerRuntime.livePipelines)"])
    }

    private func consume(_ session: RelaySession) {
        let logger = logger, frameConsumer = frameConsumer, eventConsumer = eventConsumer, voiceConsumer = voiceConsumer, id = session.id
        Task {
            for await activity in session.voiceActivity { await voiceConsumer?(id, activity) }
        }
        Task {
            let frames = Counter(label: "vigil_relay_analysis_frames_total", dimensions: [("session", id)])
            for await frame in session.analysisFrames {
                frames.increment()
                await frameConsumer?(id, frame)
            }
        }
        Task {
            for await event in session.events {
                Self.log(event, session: id, logger: logger)
                await eventConsumer?(id, event)
                Gauge(label: "vigil_relay_pipelines").record(GStreamerRuntime.livePipelines)
            }
        }
    }

    private static func log(_ event: RelayEvent, session: String, logger: Logger) {
        func ms(_ duration: Duration) -> String {
            String(Int((Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18) * 1000))
        }
        switch event {
        case .joined(let participant, let role):
            logger.info("participant joined", metadata: ["session": "\(session)", "participant": "\(participant)", "role": "\(role.rawValue)"])
        case .stateChanged(let participant, let role, let state, let since):
            logger.info("connection state", metadata: ["session": "\(session)", "participant": "\(participant)", "role": "\(role.rawValue)", "state": "\(state.rawValue)", "ms_since_join": "\(ms(since))"])
        case .mediaArrived(let participant, let role, let stream, let since):
            logger.info("media arrived", metadata: ["session": "\(session)", "participant": "\(participant)", "role": "\(role.rawValue)", "stream": "\(stream.rawValue)", "ms_since_join": "\(ms(since))"])
            if stream == .candidateVideo {
                Timer(label: "vigil_relay_join_to_media_seconds").recordNanoseconds(Int64(since.components.seconds) * 1_000_000_000 + Int64(since.components.attoseconds / 1_000_000_000))
            }
        case .left(let participant, let role, let reason):
            logger.info("participant left", metadata: ["session": "\(session)", "participant": "\(participant)", "role": "\(role.rawValue)", "reason": "\(reason)"])
        case .failure(let participant, let role, let message):
            logger.warning("relay failure", metadata: ["session": "\(session)", "participant": "\(participant)", "role": "\(role.rawValue)", "error": "\(message)"])
        case .ended:
            logger.info("relay ended", metadata: ["session": "\(session)"])
        }
    }
}
