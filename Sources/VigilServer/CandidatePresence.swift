import Foundation
import Logging
import Metrics
import VigilCore
import VigilMedia
import VigilStore

/// Records the time a candidate was out of sight of the relay as a `candidate_disconnected`
/// event: a dropped network, a frozen or closed tab, a page that left. The relay's analysis
/// frames are the evidence (they arrive whether or not the detectors run), so the watch does
/// not depend on how the connection failed, only on the video no longer arriving.
///
/// An event starts once no frame has arrived for `silence` (the start is the last frame's
/// arrival, so the event covers the whole gap), is committed to SQLite at once and then pushed
/// to the interviewer's and proctors' pages; it ends, committed and pushed the same way, with
/// the first frame after the gap. A gap shorter than `silence` (a reload that comes straight
/// back) is not an event. Sessions that ended are forgotten; the store closes their open events.
actor CandidatePresence {
    private struct Watch {
        var lastFrame: Date
        /// Why the candidate's page left, if the relay saw it leave since the last frame.
        var leftBecause: String?
        var open: ProctoringEvent?
    }

    private let store: Store
    private let warnings: StorageWarnings
    private let logger: Logger
    private let silence: TimeInterval
    private var hub: RelayHub?
    private var watches: [String: Watch] = [:]
    private var ticker: Task<Void, Never>?

    init(store: Store, warnings: StorageWarnings, logger: Logger, silence: TimeInterval = 2) {
        self.store = store
        self.warnings = warnings
        self.logger = logger
        self.silence = silence
    }

    /// Starts watching (checks twice a second until the server stops).
    func attach(_ hub: RelayHub) {
        self.hub = hub
        ticker?.cancel()
        ticker = Task { [weak self] in
            // Ends with the watch: a strong reference here would keep the store open at exit.
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(500))
                guard let self else { return }
                await self.check(now: Date())
            }
        }
    }

    /// A frame of the candidate's video reached the relay's analysis branch.
    func frameArrived(session id: String, at now: Date = Date()) async {
        guard var watch = watches[id] else {
            watches[id] = Watch(lastFrame: now)
            return
        }
        watch.lastFrame = now
        watch.leftBecause = nil
        let open = watch.open
        watch.open = nil
        watches[id] = watch
        guard var event = open else { return }
        do {
            try await store.endEvent(event.id, session: id, at: now)
            event.end = now
            logger.info("candidate back in the call", metadata: ["session": "\(id)", "away_seconds": "\(Int(now.timeIntervalSince(event.start)))"])
            await notify(session: id, event: event, alert: nil)
        } catch {
            logger.error("could not store the end of a disconnection", metadata: ["session": "\(id)", "reason": "\(error)"])
        }
    }

    /// The relay's account of a participant; only the candidate's leaving matters here.
    func relayEvent(session id: String, _ event: RelayEvent) {
        guard case .left(_, let role, let reason) = event, role == .candidate else { return }
        watches[id]?.leftBecause = reason
    }

    private func check(now: Date) async {
        for (id, watch) in watches where watch.open == nil && now.timeIntervalSince(watch.lastFrame) >= silence {
            guard await hub?.existing(id) != nil else {
                watches[id] = nil  // the session ended; the store closed what was open
                continue
            }
            let details = watch.leftBecause.map { "the candidate's page left the call (\($0))" }
                ?? "the candidate's video stopped arriving (network or browser)"
            do {
                let event = try await store.insertEvent(
                    NewEvent(kind: .candidateDisconnected, source: .system, start: watch.lastFrame, details: details), session: id)
                guard watches[id]?.lastFrame == watch.lastFrame else {
                    // A frame arrived while the event was being stored: the gap is over already.
                    try await store.endEvent(event.id, session: id, at: watches[id]?.lastFrame ?? now)
                    continue
                }
                watches[id]?.open = event
                Counter(label: "vigil_candidate_disconnections_total").increment()
                logger.warning("candidate disconnected", metadata: ["session": "\(id)", "details": "\(details)"])
                await notify(session: id, event: event, alert: .alert(
                    kind: EventKind.candidateDisconnected.rawValue, message: EventKind.candidateDisconnected.title,
                    at: Timestamp.format(event.start), frameArrivedAt: nil))
            } catch StoreError.sessionEnded {
                watches[id] = nil
            } catch {
                // Not stored, not acknowledged: tried again on the next check.
                logger.error("could not store a disconnection; retrying", metadata: ["session": "\(id)", "reason": "\(error)"])
                if let relay = await hub?.existing(id) {
                    await warnings.send("the server could not store the candidate's disconnection (\(error))", session: id, via: relay)
                }
            }
        }
    }

    private func notify(session id: String, event: ProctoringEvent, alert: RelaySignal?) async {
        guard let relay = await hub?.existing(id) else { return }
        if let alert { await relay.notify(alert, roles: [.interviewer, .proctor]) }
        await relay.notify(.event(json: LiveProctoring.json(event)), roles: [.interviewer, .proctor])
    }
}
