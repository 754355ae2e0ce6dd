import Foundation
import Testing
import VigilCore

/// Issue 5, must-show 2: the gaze clips report the looking-away interval at the right time with
/// a 2 s threshold, and nothing with 10 s.
///
/// What the clips show (frames every 0.25 s from 4 s to 12 s, cropped to the eyes and viewed):
/// both are portrait phone videos (stored 848x480 with a -90° display matrix), one man facing
/// the camera.
/// - gaze_center_left_center_15s.mp4: irises centred up to 5.25 s, turned to the image's left
///   (his right) from 5.5 s to 10.25 s, centred again from 10.5 s.
/// - gaze_center_right_center_15s.mp4: centred up to 5.25 s, turned to the image's right from
///   5.5 s to 9.75 s, centred again from 10.0 s.
/// With "longer than 2 s" the event starts where the look-away began, is flagged about 2 s later
/// (≈ 7.5 s) and ends where the gaze came back (the rules date the end to the first frame looking
/// ahead again).
extension AnalyzeEndToEnd {
    @Suite("gaze clips")
    struct GazeClips {
        struct Clip: Sendable, CustomTestStringConvertible {
            var path: String
            var awayFrom: Double
            var backAt: Double
            /// Seconds ffprobe gives for the container.
            var duration: Double
            var testDescription: String { URL(fileURLWithPath: path).lastPathComponent }
        }

        static let clips = [
            Clip(path: TestMedia.gazeLeftClip, awayFrom: 5.5, backAt: 10.4, duration: 15.33),
            Clip(path: TestMedia.gazeRightClip, awayFrom: 5.5, backAt: 9.9, duration: 15.04),
        ]

        // Objects are irrelevant here (none in view); every 6th frame keeps the debug build quick.
        static let speed = ["--object-every", "6"]

        @Test("a 2 s threshold reports the look-away at the right time (± 1 s)", arguments: clips)
        func shortThreshold(clip: Clip) throws {
            let run = try AnalyzeRun.analyze(clip.path, ["--looking-away-seconds", "2"] + Self.speed)
            #expect(run.status == 0, "\(run.errorOutput)")
            let report = try run.report()
            #expect(report.session.title == URL(fileURLWithPath: clip.path).lastPathComponent)
            #expect(report.session.candidateName == "recorded file")
            #expect(report.status == .ended)
            #expect(abs(report.durationSeconds - clip.duration) < 0.1)
            let timeline = report.timeline
            #expect(timeline.map(\.kind) == [.lookingAway], "events: \(timeline)")
            let event = try #require(timeline.first)
            #expect(abs(event.start - clip.awayFrom) <= 1, "looking away started at \(event.start) s")
            #expect(abs(event.flagged - (clip.awayFrom + 2)) <= 1, "looking away flagged at \(event.flagged) s")
            let end = try #require(event.end)
            #expect(abs(end - clip.backAt) <= 1, "looking away ended at \(end) s")
            #expect(report.events.first?.source == .detector)
            #expect(report.events.first?.snapshot != nil)
        }

        @Test("a 10 s threshold reports nothing", arguments: clips)
        func longThreshold(clip: Clip) throws {
            let run = try AnalyzeRun.analyze(clip.path, ["--looking-away-seconds", "10"] + Self.speed)
            #expect(run.status == 0, "\(run.errorOutput)")
            let report = try run.report()
            #expect(report.events.isEmpty, "events: \(report.timeline)")
            #expect(report.counts[EventKind.lookingAway.rawValue] == 0)
        }
    }
}
