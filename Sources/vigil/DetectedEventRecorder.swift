import Foundation
import VigilCore
import VigilStore

/// Stores the rules' event starts and ends for a recorded file exactly as the live loop does for
/// a call: an event is inserted when it starts (with the evidence frame) and updated when it
/// ends, so an analysis interrupted half-way leaves a consistent session behind. File seconds
/// become wall-clock dates by counting from the session's creation, so the report's timeline
/// reads as positions in the recording.
struct DetectedEventRecorder {
    let store: Store
    let session: SessionInfo
    let fileName: String
    private var openEvents: [EventKind: Int64] = [:]
    private(set) var stored: [EventKind: Int] = [:]

    init(store: Store, session: SessionInfo, fileName: String) {
        self.store = store
        self.session = session
        self.fileName = fileName
    }

    /// The wall-clock date of a position in the file.
    func date(at seconds: Double) -> Date { session.createdAt.addingTimeInterval(seconds) }

    /// Records one transition; `snapshot` is the JPEG of the frame that started an event.
    mutating func record(_ transition: RuleTransition, snapshot: [UInt8]?) async throws {
        switch transition {
        case .started(let event):
            let details = String(format: "%@ at %.1f s (condition seen from %.1f s)", fileName, event.start, event.onset)
            let new = NewEvent(kind: event.kind, source: .detector, start: date(at: event.start),
                               confidence: event.confidence, details: details)
            let saved = try await store.insertEvent(new, session: session.id)
            openEvents[event.kind] = saved.id
            stored[event.kind, default: 0] += 1
            if let snapshot, !snapshot.isEmpty {
                try await store.saveSnapshot(Data(snapshot), event: saved.id)
            }
        case .ended(let event):
            guard let id = openEvents.removeValue(forKey: event.kind), let end = event.end else { return }
            try await store.endEvent(id, session: session.id, at: date(at: end), confidence: event.confidence)
        }
    }
}
