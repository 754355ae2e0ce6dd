import Foundation
import VigilCore
import VigilMedia
import VigilReport

/// What the interviewer's and proctors' pages are told about proctoring, as signaling
/// messages (`alert`, `event` in `signaling/signaling.schema.json`). Server-side: the relay
/// only carries the composed JSON (`RelaySignal.message`) and knows nothing of proctoring.
enum ProctoringMessage: Sendable {
    /// An event was just flagged: the pages show a banner. `at` is when its condition began
    /// (the event's start), `flagged_at` when the rule fired.
    case alert(ProctoringEvent, frameArrivedAt: Date?)
    /// A stored event as the API returns it (started or ended).
    case event(ProctoringEvent)

    var fields: [String: JSONValue] {
        switch self {
        case .alert(let event, let frameArrivedAt):
            var object: [String: JSONValue] = [
                "type": .string("alert"), "kind": .string(event.kind.rawValue), "message": .string(event.kind.title),
                "at": .string(Timestamp.format(event.start)),
                "flagged_at": .string(Timestamp.format(event.flaggedAt)),
            ]
            if let frameArrivedAt { object["frame_arrived_at"] = .string(Timestamp.format(frameArrivedAt)) }
            return object
        case .event(let event):
            let data = (try? ReportJSON.encoder().encode(event)) ?? Data("{}".utf8)
            return ["type": .string("event"), "event": (try? JSONValue(parsing: data)) ?? .object([:])]
        }
    }

    /// The message for the relay to deliver.
    var signal: RelaySignal { .message(json: SignalingOutgoing.text(fields)) }
}
