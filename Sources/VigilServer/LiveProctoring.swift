import Foundation
import Logging
import VigilCore
import VigilMedia
import VigilReport
import VigilStore
import VigilVision

/// Joins the relay to the detectors: one `LiveProctor` per session whose candidate is in the
/// call. The relay hands frames over without waiting (a slot holding only the newest frame);
/// each proctor's updates are forwarded in order — alerts and events to the interviewer's and
/// proctors' pages, banners into the relayed video.
actor LiveProctoring {
    private struct TimedFrame: Sendable {
        let frame: VideoFrame
        let arrival: Date
    }

    private struct Worker {
        let proctor: LiveProctor
        let frames: AsyncStream<TimedFrame>.Continuation
        let updates: AsyncStream<ProctoringUpdate>.Continuation
    }

    private let store: Store
    private let warnings: StorageWarnings
    private let analyzer: AnalyzerConfiguration
    private let logger: Logger
    private var hub: RelayHub?
    private var workers: [String: Worker] = [:]
    private var unavailable: Set<String> = []

    init(store: Store, analyzer: AnalyzerConfiguration, warnings: StorageWarnings, logger: Logger) {
        self.store = store
        self.warnings = warnings
        self.analyzer = analyzer
        self.logger = logger
    }

    func attach(_ hub: RelayHub) { self.hub = hub }

    /// The relay's frame hook: returns at once.
    nonisolated var frameConsumer: RelayHub.FrameConsumer {
        { [weak self] session, frame in await self?.deliver(frame, session: session, arrival: Date()) }
    }

    func deliver(_ frame: VideoFrame, session id: String, arrival: Date) async {
        if let worker = workers[id] {
            worker.frames.yield(TimedFrame(frame: frame, arrival: arrival))
            return
        }
        guard !unavailable.contains(id) else { return }
        guard let session = try? await store.session(id: id), session.endedAt == nil else {
            unavailable.insert(id)
            return
        }
        if let worker = workers[id] {  // created while we awaited the store
            worker.frames.yield(TimedFrame(frame: frame, arrival: arrival))
            return
        }
        let (updates, updateSink) = AsyncStream.makeStream(of: ProctoringUpdate.self, bufferingPolicy: .bufferingNewest(64))
        let proctor: LiveProctor
        do {
            proctor = try LiveProctor(session: session, store: store, analyzer: analyzer, logger: logger) { updateSink.yield($0) }
        } catch {
            unavailable.insert(id)
            logger.error("live proctoring is off for this session: the detectors cannot start", metadata: ["session": "\(id)", "reason": "\(error)"])
            return
        }
        let (frames, frameSink) = AsyncStream.makeStream(of: TimedFrame.self, bufferingPolicy: .bufferingNewest(1))
        workers[id] = Worker(proctor: proctor, frames: frameSink, updates: updateSink)
        frameSink.yield(TimedFrame(frame: frame, arrival: arrival))
        logger.info("live proctoring started", metadata: ["session": "\(id)"])
        Task {
            for await timed in frames { await proctor.analyze(timed.frame, arrival: timed.arrival) }
        }
        Task { [weak self] in
            var lastOverlay = ""
            for await update in updates {
                guard let relay = await self?.hub?.existing(id) else { continue }
                switch update {
                case .eventStarted(let event, let frameArrival):
                    await relay.notify(.alert(kind: event.kind.rawValue, message: event.kind.title, at: Timestamp.format(event.start),
                                              frameArrivedAt: frameArrival.map(Timestamp.format)),
                                       roles: [.interviewer, .proctor])
                    await relay.notify(.event(json: Self.json(event)), roles: [.interviewer, .proctor])
                case .eventEnded(let event):
                    await relay.notify(.event(json: Self.json(event)), roles: [.interviewer, .proctor])
                case .storageFailed(let message):
                    await self?.warnings.send(message, session: id, via: relay)
                case .overlay(let overlay):
                    await relay.setOverlay(marks: overlay.marks.map {
                        MarkBox(x: $0.box.x, y: $0.box.y, width: $0.box.width, height: $0.box.height, alarming: $0.alarming)
                    })
                    // The status line first, banners under it: a banner never moves the status.
                    let text = ([overlay.status] + overlay.banners).joined(separator: "\n")
                    if text != lastOverlay {
                        lastOverlay = text
                        await relay.setOverlay(text: text)
                    }
                }
            }
        }
    }

    /// Stops a session's analysis at its end; open events close at `end`.
    func finish(session id: String, at end: Date) async {
        unavailable.insert(id)
        guard let worker = workers.removeValue(forKey: id) else { return }
        worker.frames.finish()
        await worker.proctor.finish(at: end)
        worker.updates.finish()
        logger.info("live proctoring stopped", metadata: ["session": "\(id)"])
    }

    /// Analysis rate of a session's proctor, for status and benchmarks.
    func analysisRate(session id: String) async -> Double? {
        guard let proctor = workers[id]?.proctor else { return nil }
        return await proctor.analysisFramesPerSecond
    }

    static func json(_ event: ProctoringEvent) -> String {
        let data = (try? ReportJSON.encoder().encode(event)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

/// Stops live analysis once `PUT /api/sessions/:id/end` succeeded.
struct LiveProctoringEndMiddleware: RouterMiddleware {
    typealias Context = VigilRequestContext
    let proctoring: LiveProctoring

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response = try await next(request, context)
        if request.method == .put, response.status == .ok, request.uri.path.hasSuffix("/end") {
            let parts = request.uri.path.split(separator: "/")
            if parts.count == 4, parts[0] == "api", parts[1] == "sessions" {
                await proctoring.finish(session: String(parts[2]), at: Date())
            }
        }
        return response
    }
}

import Hummingbird
