import Foundation
import VigilCore
import VigilLifecycle
import VigilMedia
import VigilProctoring

/// Where proctoring's updates meet the relay: events become `alert` and `event` signaling
/// messages for the interviewer's and proctors' pages, overlays are drawn into the video they
/// receive, storage failures become one rate-limited warning (see `StorageWarnings`). Updates
/// for a session without a live relay (nobody in the call, or the session just ended) are
/// dropped: they are stored already, and the report shows them.
actor ProctoringRelayOutput: ProctoringOutput, SessionService {
    private static let watchers: Set<ParticipantRole> = [.interviewer, .proctor]
    private let hub: RelayHub
    private let warnings: StorageWarnings
    /// The overlay text last drawn per session: text is set only when it changes.
    private var lastOverlayText: [String: String] = [:]

    init(hub: RelayHub, warnings: StorageWarnings = StorageWarnings()) {
        self.hub = hub
        self.warnings = warnings
    }

    func publish(_ update: ProctoringUpdate, session id: String) async {
        guard let relay = await hub.existing(id) else { return }
        switch update {
        case .eventStarted(let event, let frameArrival):
            await relay.notify(ProctoringMessage.alert(event, frameArrivedAt: frameArrival).signal, roles: Self.watchers)
            await relay.notify(ProctoringMessage.event(event).signal, roles: Self.watchers)
        case .eventEnded(let event):
            await relay.notify(ProctoringMessage.event(event).signal, roles: Self.watchers)
        case .storageFailed(let message):
            await warnings.send(message, session: id, via: relay)
        case .overlay(let overlay):
            await relay.setOverlay(marks: overlay.marks.map {
                MarkBox(x: $0.box.x, y: $0.box.y, width: $0.box.width, height: $0.box.height, alarming: $0.alarming, label: $0.label)
            })
            // The status line first, banners under it: a banner never moves the status.
            let text = ([overlay.status] + overlay.banners).joined(separator: "\n")
            if text != lastOverlayText[id] {
                lastOverlayText[id] = text
                await relay.setOverlay(text: text)
            }
        }
    }

    func sessionEnded(_ id: String, at end: Date) { lastOverlayText[id] = nil }

    func sessionDeleted(_ id: String) { lastOverlayText[id] = nil }
}
