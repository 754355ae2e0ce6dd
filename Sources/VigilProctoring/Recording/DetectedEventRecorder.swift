import Foundation
import VigilCore
import VigilStore

/// The one place where the rules' transitions become stored events, for live calls and recorded
/// files alike: an event is inserted the moment its rule fires (`flagged_at`), already with its
/// true start (the condition's onset, seconds earlier for a debounced condition) and the frame
/// that made the rule fire as its snapshot, and updated when the condition ends, so an analysis
/// interrupted half-way leaves a consistent session behind. Rule times are seconds since the session's creation (for a file: positions in the
/// file, so the report's timeline reads as positions in the recording).
public actor DetectedEventRecorder {
    /// What a recorded transition left in the store.
    public enum Recorded: Sendable {
        case started(ProctoringEvent)
        case ended(ProctoringEvent)
    }

    public nonisolated let store: Store
    public nonisolated let session: SessionInfo
    private let details: @Sendable (DetectedEvent) -> String?
    private var openEvents: [EventKind: ProctoringEvent] = [:]

    /// `details` gives the text stored with a starting event (nil: none).
    public init(store: Store, session: SessionInfo, details: @escaping @Sendable (DetectedEvent) -> String? = { _ in nil }) {
        self.store = store
        self.session = session
        self.details = details
    }

    /// The wall-clock date of a rule time.
    public nonisolated func date(at seconds: Double) -> Date { session.createdAt.addingTimeInterval(seconds) }

    /// Records one transition; `snapshot` is the JPEG of the frame that made the rule fire, at
    /// the event's `flaggedAt` (nil or empty: no snapshot). Returns nil for the end of an event that was never stored.
    public func record(_ transition: RuleTransition, snapshot: [UInt8]?) async throws(StoreError) -> Recorded? {
        let detected = transition.event
        switch transition {
        case .started:
            var event = try await store.insertEvent(
                NewEvent(kind: detected.kind, source: .detector, start: date(at: detected.start),
                         confidence: detected.confidence,
                         // The rule's own evidence (issue 11: which signal raised a phone event) after the caller's text.
                         details: [details(detected), detected.evidence].compactMap { $0 }.joined(separator: "; ").nilIfEmpty,
                         flaggedAt: date(at: detected.flaggedAt)),
                session: session.id)
            if let snapshot, !snapshot.isEmpty {
                let saved = try await store.saveSnapshot(Data(snapshot), event: event.id)
                event.snapshot = SnapshotReference(id: saved.id, sha256: saved.sha256)
            }
            openEvents[detected.kind] = event
            return .started(event)
        case .ended:
            guard var event = openEvents.removeValue(forKey: detected.kind) else { return nil }
            let end = date(at: detected.end ?? detected.flaggedAt)
            try await store.endEvent(event.id, session: session.id, at: end, confidence: detected.confidence)
            event.end = max(end, event.start)
            event.confidence = max(event.confidence, detected.confidence)
            return .ended(event)
        }
    }
}

private extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
