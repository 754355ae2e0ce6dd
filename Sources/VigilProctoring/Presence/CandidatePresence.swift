import Foundation
import Logging
import Metrics
import VigilCore
import VigilLifecycle
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
/// back) is not an event. Subscribed to the `SessionLifecycle`: sessions that end or are deleted
/// are forgotten at once (the store closes their open events), so no check or retry outlives
/// its session.
public actor CandidatePresence: SessionService {
    private struct Watch {
        var lastFrame: Date
        /// Why the candidate's page left, if the relay saw it leave since the last frame.
        var leftBecause: String?
        var open: ProctoringEvent?
    }

    private let store: Store
    private let output: any ProctoringOutput
    private let logger: Logger
    private let silence: TimeInterval
    private var watches: [String: Watch] = [:]
    /// Sessions that ended or were deleted: a late frame must not start a watch again.
    private var over: Set<String> = []
    private var ticker: Task<Void, Never>?

    public init(store: Store, output: any ProctoringOutput, logger: Logger, silence: TimeInterval = 2) {
        self.store = store
        self.output = output
        self.logger = logger
        self.silence = silence
    }

    /// Starts watching (checks twice a second until the watch is released).
    public func start() {
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
    public func frameArrived(session id: String, at now: Date = Date()) async {
        guard !over.contains(id) else { return }
        guard var watch = watches[id] else {
            // A session whose policy turned the check off is not watched at all.
            if (try? await store.policy(session: id))?.isEnabled(.candidateDisconnected) == false {
                over.insert(id)
                return
            }
            guard !over.contains(id), watches[id] == nil else { return }  // ended, or watched, meanwhile
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
            await output.publish(.eventEnded(event), session: id)
        } catch {
            logger.error("could not store the end of a disconnection", metadata: ["session": "\(id)", "reason": "\(error)"])
        }
    }

    /// The relay's account of a participant; only the candidate's leaving matters here.
    public func relayEvent(session id: String, _ event: RelayEvent) {
        guard case .left(_, let role, let reason) = event, role == .candidate else { return }
        watches[id]?.leftBecause = reason
    }

    private func check(now: Date) async {
        for (id, watch) in watches where watch.open == nil && now.timeIntervalSince(watch.lastFrame) >= silence {
            guard watches[id] != nil else { continue }  // the session ended while an earlier one was stored
            let details = watch.leftBecause.map { "the candidate's page left the call (\($0))" }
                ?? "the candidate's video stopped arriving (network or browser)"
            do {
                let event = try await store.insertEvent(
                    NewEvent(kind: .candidateDisconnected, source: .system, start: watch.lastFrame, details: details,
                             flaggedAt: now), session: id)
                guard let current = watches[id] else { continue }  // ended or deleted meanwhile: the store closed it
                guard current.lastFrame == watch.lastFrame else {
                    // A frame arrived while the event was being stored: the gap is over already.
                    try await store.endEvent(event.id, session: id, at: current.lastFrame)
                    continue
                }
                watches[id]?.open = event
                Counter(label: "vigil_candidate_disconnections_total").increment()
                logger.warning("candidate disconnected", metadata: ["session": "\(id)", "details": "\(details)"])
                await output.publish(.eventStarted(event, frameArrival: nil), session: id)
            } catch .sessionEnded, .sessionNotFound {
                watches[id] = nil
            } catch {
                // Not stored, not acknowledged: tried again on the next check.
                logger.error("could not store a disconnection; retrying", metadata: ["session": "\(id)", "reason": "\(error)"])
                await output.publish(.storageFailed("the server could not store the candidate's disconnection (\(error))"), session: id)
            }
        }
    }

    public func sessionEnded(_ id: String, at end: Date) { forget(id) }

    public func sessionDeleted(_ id: String) { forget(id) }

    /// The store closed (or deleted) whatever was open; no more checks or retries for it.
    private func forget(_ id: String) {
        over.insert(id)
        watches[id] = nil
    }
}
