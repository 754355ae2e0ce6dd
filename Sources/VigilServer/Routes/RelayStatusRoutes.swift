import Foundation
import Hummingbird
import VigilCore
import VigilMedia
import VigilStore

/// `GET /api/sessions/:id/relay`: the relay's state for support staff and tests (participants,
/// connection states, analysis frames delivered to Swift, the live detectors' rate, pipelines and
/// threads alive).
struct RelayStatusRoutes: Sendable {
    let store: Store
    let auth: TokenCheck
    let hub: RelayHub
    /// Frames/s the live detectors analysed for a session over the last seconds (nil when no
    /// detector runs for it). A closure so the relay does not depend on live proctoring.
    let analysisRate: @Sendable (String) async -> Double?

    struct Answer: Encodable {
        var session: String
        var active: Bool
        var participants: [ParticipantSummary]
        var analysisFrames: Int
        /// Frames/s the live detectors analysed (frames delivered to Swift may be skipped when
        /// the detectors are busy; this is what they kept up with). 0 when none run.
        var analysisFps: Double
        var forwarded: [String: Int]
        var pushed: [String: Int]
        var stages: RelayStages.Snapshot?
        var livePipelines: Int
        var processThreads: Int?
        var gstreamer: String
        /// 100 ms windows the voice activity detector measured per microphone, and those with speech.
        var voiceWindows: [String: Int] = [:]
        var speechWindows: [String: Int] = [:]
    }

    func register(on router: Router<VigilRequestContext>) {
        router.get("/api/sessions/:id/relay") { request, context in
            let id = try context.parameters.require("id")
            guard let session = try await store.session(id: id) else { throw StoreError.sessionNotFound(id) }
            _ = try await auth.require(request, session: session, roles: [.interviewer, .proctor], action: "see the relay's state")
            let status = await hub.existing(id)?.status()
            var answer = Answer(
                session: id, active: status.map { !$0.ended } ?? false, participants: status?.participants ?? [],
                analysisFrames: status?.analysisFrames ?? 0, analysisFps: await analysisRate(id) ?? 0, forwarded: status?.forwarded ?? [:],
                pushed: status?.pushed ?? [:], stages: status?.stages,
                livePipelines: GStreamerRuntime.livePipelines, processThreads: Self.threadCount(), gstreamer: GStreamerRuntime.version)
            answer.voiceWindows = status?.voiceWindows ?? [:]
            answer.speechWindows = status?.speechWindows ?? [:]
            return try JSONResponse.make(answer)
        }
    }

    /// Threads of this process, from /proc (Linux); nil elsewhere.
    static func threadCount() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("Threads:") {
            return Int(line.dropFirst("Threads:".count).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }
}
