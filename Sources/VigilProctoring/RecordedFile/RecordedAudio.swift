import Foundation
import VigilCore
import VigilMedia

/// What a recorded file's audio track told the audio rules: its voice windows, measured by the
/// same `VoiceActivityDetector` as a live microphone, placed on the file's own time — or why
/// there are none. The whole track is measured before the video is judged (16 kHz mono is cheap:
/// a few milliseconds of one core per audio second), so each frame is judged with what was
/// heard around it, as in a call.
///
/// A plain file has one audio track and no interviewer track: the track is taken for the
/// candidate's microphone and the interviewer counts as silent throughout, so an interviewer's
/// voice that the file holds (a recording of both sides mixed) is heard as a voice in the
/// candidate's room.
public struct RecordedAudio: Sendable {
    public enum Track: Sendable, Equatable {
        /// Measured: 100 ms windows, each with the file time its audio ended.
        case measured(windows: Int, speechWindows: Int, seconds: Double)
        /// The file has no audio track: `no_audio` and `background_voice` are not judged.
        case absent
        /// The track could not be decoded; the video is judged alone.
        case unreadable(reason: String)
    }

    public let track: Track
    /// Window end times (file seconds) and windows, in order.
    let windows: [(end: Double, window: VoiceWindow)]

    /// What the summary line says of the audio.
    public var description: String {
        switch track {
        case .measured(let count, let speech, let seconds):
            String(format: "audio %.1f s measured (%d of %d windows speech; the interviewer taken as silent: a file has no interviewer track)",
                   seconds, speech, count)
        case .absent:
            "no audio track in the file: no_audio and background_voice were not judged"
        case .unreadable(let reason):
            "the audio track could not be read (\(reason)): no_audio and background_voice were not judged"
        }
    }

    /// Decodes and measures `path`'s audio track (nil windows when it has none or it breaks).
    public static func measure(path: String) -> RecordedAudio {
        do {
            guard let reader = try AudioFileReader.open(path: path) else { return RecordedAudio(track: .absent, windows: []) }
            var detector = VoiceActivityDetector()
            var windows: [(end: Double, window: VoiceWindow)] = []
            var end: Double?
            while let chunk = try reader.next() {
                // Each window ends where its last sample does: counted on from the chunk's start
                // by the samples the detector still held before it.
                let before = end ?? chunk.time
                var position = before
                for window in detector.feed(chunk.samples) {
                    position += window.duration
                    windows.append((position, window))
                }
                end = position
            }
            let speech = windows.filter(\.window.speech).count
            let seconds = windows.last?.end ?? 0
            return RecordedAudio(track: .measured(windows: windows.count, speechWindows: speech, seconds: seconds), windows: windows)
        } catch {
            return RecordedAudio(track: .unreadable(reason: error.description), windows: [])
        }
    }

    /// Judges a file's frames with its audio: adds the windows heard up to each frame's moment
    /// (and the half second after, as the live timeline sees the interviewer's) to an
    /// `AudioTimeline`, whose verdict goes on the frame's observation.
    struct Listener {
        private let audio: RecordedAudio
        private var timeline = AudioTimeline()
        private var next = 0

        init(_ audio: RecordedAudio) { self.audio = audio }

        /// What was heard around `time`; nil when the file has no measured audio.
        mutating func observation(at time: Double, thresholds: RuleThresholds) -> AudioObservation? {
            guard case .measured = audio.track else { return nil }
            while next < audio.windows.count, audio.windows[next].end <= time + 0.5 {
                timeline.add(audio.windows[next].window, from: .candidate, endingAt: audio.windows[next].end)
                next += 1
            }
            return timeline.observation(at: time, thresholds: thresholds)
        }
    }
}
