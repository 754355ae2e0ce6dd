/// Which frames of one session a rated analysis takes, and on which of them the object detector
/// runs. Times are seconds on any clock that only moves forward (media time for a file, uptime
/// for a live call). A frame is taken once the next slot is due (a quarter of an interval early
/// counts, so a 15 fps file at 10 fps takes two frames in three, not one in two); when the
/// analysis fell behind, the next frame still waits half an interval rather than rushing to
/// catch up.
struct AnalysisSchedule: Sendable {
    private let interval: Double
    private let objectInterval: Double
    private var nextDue: Double?
    private var nextObjectsDue: Double?
    private let identityInterval: Double
    private var nextIdentityDue: Double?

    init(_ budget: AnalysisBudget) {
        identityInterval = budget.identityFramesPerSecond > 0 ? 1 / budget.identityFramesPerSecond : .infinity
        interval = budget.framesPerSecond > 0 ? 1 / budget.framesPerSecond : 0
        let objects = budget.objectFramesPerSecond > 0 ? min(budget.objectFramesPerSecond, budget.framesPerSecond > 0 ? budget.framesPerSecond : .infinity) : budget.framesPerSecond
        objectInterval = objects > 0 ? 1 / objects : 0
    }

    /// When the next frame may be taken (nil: at once).
    var dueTime: Double? { nextDue.map { $0 - interval / 4 } }

    func isDue(_ time: Double) -> Bool { dueTime.map { time >= $0 } ?? true }

    /// Takes the frame at `time` (call only when `isDue`); true when the object detector runs on it.
    mutating func take(at time: Double) -> Bool {
        nextDue = Self.advance(nextDue, by: interval, at: time)
        guard nextObjectsDue.map({ time >= $0 - interval / 2 }) ?? true else { return false }
        nextObjectsDue = Self.advance(nextObjectsDue, by: objectInterval, at: time)
        return true
    }

    /// Whether the identity check runs on the frame just taken at `time` (call after `take`).
    mutating func takeIdentity(at time: Double) -> Bool {
        guard identityInterval.isFinite else { return false }
        guard nextIdentityDue.map({ time >= $0 - interval / 2 }) ?? true else { return false }
        nextIdentityDue = Self.advance(nextIdentityDue, by: identityInterval, at: time)
        return true
    }

    /// The next slot: one interval on, so the mean rate holds although frames arrive off the
    /// slots; at least half an interval after this frame, so a late frame is not followed by a
    /// burst.
    private static func advance(_ due: Double?, by interval: Double, at time: Double) -> Double {
        guard let due else { return time + interval }
        return max(due + interval, time + interval / 2)
    }
}
