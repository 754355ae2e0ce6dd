import Foundation
@testable import VigilCore

// Wall-clock fixtures for scoring, reports and exports.

/// 2023-11-14T22:13:20Z, the start of every fixture session.
let t0 = Date(timeIntervalSince1970: 1_700_000_000)

/// A recorded event `at` seconds after `t0`, lasting `lasting` seconds (nil: still open).
func incident(
    _ kind: EventKind, at offset: Double = 0, lasting seconds: Double? = 0, id: Int64 = 1,
    source: EventSource = .detector, confidence: Double = 1, details: String? = nil,
    review: Review? = nil
) -> ProctoringEvent {
    let start = t0.addingTimeInterval(offset)
    return ProctoringEvent(
        id: id, kind: kind, source: source, start: start,
        end: seconds.map { start.addingTimeInterval($0) }, confidence: confidence,
        details: details, review: review)
}

/// `count` events of `kind`, `lasting` seconds each, one a minute.
func incidents(_ kind: EventKind, count: Int, lasting seconds: Double = 0) -> [ProctoringEvent] {
    (0..<count).map { incident(kind, at: Double($0) * 60, lasting: seconds, id: Int64($0 + 1)) }
}

let dismissal = Review(decision: .dismissed, reviewer: "Ada", at: t0.addingTimeInterval(4000), note: "false positive")
let confirmation = Review(decision: .confirmed, reviewer: "Ada", at: t0.addingTimeInterval(4000))

/// A session created at `t0`, ended `endedAfter` seconds later (nil: still live).
func session(endedAfter seconds: Double? = 3600, id: String = "s-42") -> SessionInfo {
    SessionInfo(
        id: id, title: "Backend interview", candidateName: "Grace", interviewerName: "Alan",
        createdAt: t0, endedAt: seconds.map { t0.addingTimeInterval($0) })
}

/// Score of `events` under the standard policy, open events counted up to an hour after `t0`.
func score(_ events: [ProctoringEvent], asOf now: Date = t0.addingTimeInterval(3600)) -> IntegrityScore {
    IntegrityScore(events: events, asOf: now)
}
