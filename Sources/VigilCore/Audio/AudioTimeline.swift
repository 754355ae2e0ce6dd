/// The recent voice windows of both microphones on the session clock, so that each video frame
/// can be judged with what was heard at its moment (audio and video arrive on their own
/// schedules). Keeps the last `horizon` seconds only.
public struct AudioTimeline: Sendable {
    private struct Entry: Sendable {
        let time: Double  // end of the window, session seconds
        let window: VoiceWindow
    }

    public let horizon: Double
    private var entries: [VoiceSource: [Entry]] = [:]

    public init(horizon: Double = 10) {
        self.horizon = horizon
    }

    /// A window of `source` that ended at `time` (session seconds).
    public mutating func add(_ window: VoiceWindow, from source: VoiceSource, endingAt time: Double) {
        var list = entries[source, default: []]
        list.append(Entry(time: time, window: window))
        if let first = list.first, first.time < time - horizon {
            list.removeAll { $0.time < time - horizon }
        }
        entries[source] = list
    }

    /// What was heard around `time`: the candidate's speech over the last half second, silence
    /// over the last second, and the interviewer's speech from `echoSeconds` before to half a
    /// second after (their voice reaches the candidate's microphone late, through speakers).
    public func observation(at time: Double, thresholds: RuleThresholds) -> AudioObservation {
        let recent = windows(.candidate, from: time - 0.5, to: time)
        let share = recent.isEmpty ? 0 : Double(recent.filter(\.speech).count) / Double(recent.count)
        let lastSecond = windows(.candidate, from: time - 1, to: time)
        let silent = lastSecond.allSatisfy { $0.level < thresholds.silenceBelowDecibels }
        let interviewer = windows(.interviewer, from: time - thresholds.interviewerEchoSeconds, to: time + 0.5)
        return AudioObservation(candidateSpeaking: share >= 0.5, candidateSpeechShare: share, candidateSilent: silent,
                                interviewerSpeaking: interviewer.contains(where: \.speech))
    }

    private func windows(_ source: VoiceSource, from start: Double, to end: Double) -> [VoiceWindow] {
        (entries[source] ?? []).filter { $0.time > start && $0.time <= end }.map(\.window)
    }
}
