import Foundation
import VigilCore
import VigilMedia
import VigilVision

/// The offline proctoring loop: decode a frame, analyse it, let the rules judge it on the frame's
/// own timestamp, store what they raise. The same `RuleEngine` the live relay drives, so a
/// recording and a call are judged alike; time comes from the file, never from the clock, so the
/// result does not depend on how fast the machine is.
struct RecordedFileAnalysis {
    /// What one run did, for the summary line and `make bench`.
    struct Summary {
        var frames = 0
        /// Frames OpenCV failed on (skipped, not read as "no face").
        var skippedFrames = 0
        var firstSkipReason: VisionError?
        /// Seconds of media covered.
        var mediaSeconds = 0.0
        var wallSeconds = 0.0
        var framesPerSecond: Double { wallSeconds > 0 ? Double(frames) / wallSeconds : 0 }
        var speedTimesRealTime: Double { wallSeconds > 0 ? mediaSeconds / wallSeconds : 0 }
    }

    /// The detectors failed on every frame.
    struct AnalysisFailed: Error, CustomStringConvertible {
        var reason: VisionError
        var description: String { "the detectors failed on every frame, so nothing was analysed: \(reason)" }
    }

    /// The failure of a run after its session was stored, with how far it got.
    struct Interrupted: Error, CustomStringConvertible {
        var cause: any Error
        var sessionID: String
        var reachedSeconds: Double
        /// Set when the session could not even be ended (the database failed too).
        var closingFailure: (any Error)?
        var description: String {
            let reached = String(format: "%.1f", reachedSeconds)
            guard let closingFailure else {
                return "\(cause)\n(session \(sessionID) is stored and ended with the events found in the first \(reached) s)"
            }
            return "\(cause)\n(session \(sessionID) holds the events found in the first \(reached) s but could not be ended: \(closingFailure))"
        }
    }

    let reader: VideoFileReader
    let analyzer: FrameAnalyzer
    var rules: RuleEngine
    var recorder: DetectedEventRecorder
    var progress: ProgressReporter?

    /// Runs to the end of the file, closes the events still open there and ends the session.
    mutating func run() async throws -> Summary {
        var summary = Summary()
        let started = ContinuousClock.now
        var reached = 0.0
        do {
            while let frame = try reader.next() {
                summary.frames += 1
                reached = frame.time
                let observation: Observation
                do {
                    observation = try analyzer.analyze(frame)
                } catch {
                    summary.skippedFrames += 1
                    summary.firstSkipReason = summary.firstSkipReason ?? error
                    continue
                }
                for transition in rules.process(observation) {
                    let snapshot: [UInt8]? = if case .started = transition {
                        analyzer.jpeg(frame, drawing: observation, quality: 85)
                    } else {
                        nil
                    }
                    try await recorder.record(transition, snapshot: snapshot)
                }
                progress?.update(position: frame.time, frames: summary.frames)
            }
        } catch {
            progress?.finish(position: reached, frames: summary.frames)
            do {
                try await close(at: reached)
            } catch let closing {
                throw Interrupted(cause: error, sessionID: recorder.session.id, reachedSeconds: reached, closingFailure: closing)
            }
            throw Interrupted(cause: error, sessionID: recorder.session.id, reachedSeconds: reached)
        }
        if summary.frames > 0, summary.skippedFrames == summary.frames, let reason = summary.firstSkipReason {
            // Nothing was analysed: an empty report would read as a clean interview.
            try await close(at: reached)
            throw Interrupted(cause: AnalysisFailed(reason: reason), sessionID: recorder.session.id, reachedSeconds: reached)
        }
        let interval = reader.framesPerSecond.map { 1 / $0 } ?? 0
        let end = max(reached + interval, reader.duration ?? 0)
        progress?.finish(position: end, frames: summary.frames)
        try await close(at: end)
        summary.mediaSeconds = end
        summary.wallSeconds = ProgressReporter.seconds(ContinuousClock.now - started)
        return summary
    }

    /// Ends the rules' open events and the session at `seconds` into the file.
    private mutating func close(at seconds: Double) async throws {
        for transition in rules.finish(at: seconds) {
            try await recorder.record(transition, snapshot: nil)
        }
        _ = try await recorder.store.endSession(id: recorder.session.id, at: recorder.date(at: seconds))
    }
}
