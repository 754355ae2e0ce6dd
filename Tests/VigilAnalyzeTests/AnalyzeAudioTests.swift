import Foundation
import Testing
import VigilCore

/// Issue 13 item 6: `vigil analyze` judges a file's audio track with the live rules, on files
/// made at test time: a still face (a photo: its lips never move) muxed with espeak-ng speech
/// (AAC in mp4), the same face with a digitally silent track, and the same face with no audio
/// track at all.
extension AnalyzeEndToEnd {
    @Suite("audio from the file")
    struct AudioFromTheFile {
        static let photo = "faces/frontal/curly_hair_man_frontal.jpg"
        static let fit = "scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2:color=gray,setsar=1,fps=15,format=yuv420p"

        /// About 9 s of espeak-ng speech (22.05 kHz mono WAV).
        static func speech() throws -> String {
            try TestMedia.made("speech.wav") { path in
                let result = try TestMedia.run("/usr/bin/espeak-ng", ["-v", "en", "-s", "150", "-w", path,
                    "The candidate is asked to explain the answer in their own words. Someone else in the room is reading it out loud, slowly and clearly, sentence after sentence."])
                guard result.status == 0 else { throw TestMedia.ToolFailure(tool: "espeak-ng", arguments: [path], output: result.errorOutput) }
            }
        }

        /// 14 s of the still face; the speech from 1 s on.
        static func stillFaceWithSpeech() throws -> String {
            let speech = try speech()
            return try TestMedia.made("still-face-speech.mp4") { path in
                try TestMedia.ffmpeg(["-loop", "1", "-framerate", "15", "-t", "14", "-i", TestMedia.sharedFile(photo), "-i", speech,
                                      "-filter_complex", "[0]\(fit)[v];[1:a]adelay=1000:all=1,apad[a]",
                                      "-map", "[v]", "-map", "[a]", "-t", "14", "-c:v", "libx264", "-preset", "veryfast", "-c:a", "aac", path])
            }
        }

        /// 14 s of the same photo with its mouth region stretched and squeezed 4 times a second
        /// (the relay tests' `TalkingCamera` motion: the mesh reads the opening swinging about
        /// 0.15–0.24), the same speech from 1 s on.
        static func talkingFaceWithSpeech() throws -> String {
            let speech = try speech()
            return try TestMedia.made("talking-face-speech.mp4") { path in
                try TestMedia.ffmpeg(["-loop", "1", "-framerate", "30", "-t", "14", "-i", TestMedia.sharedFile(photo), "-i", speech,
                                      "-filter_complex",
                                      "[0]scale=640:480:force_original_aspect_ratio=increase,crop=640:480,split[a][b];"
                                          + "[b]crop=90:46:285:195,scale=w=90:h='2*trunc(23*(1.2+0.6*sin(2*PI*4*t)))':eval=frame[m];"
                                          + "[a][m]overlay=x=285:y='218-overlay_h/2':eval=frame,format=yuv420p[v];"
                                          + "[1:a]adelay=1000:all=1,apad[s]",
                                      "-map", "[v]", "-map", "[s]", "-t", "14", "-r", "30", "-c:v", "libx264", "-preset", "veryfast", "-c:a", "aac", path])
            }
        }

        /// 40 s of the still face with a digitally silent track (a muted microphone).
        static func stillFaceSilent() throws -> String {
            try TestMedia.made("still-face-silent.mp4") { path in
                try TestMedia.ffmpeg(["-loop", "1", "-framerate", "15", "-t", "40", "-i", TestMedia.sharedFile(photo),
                                      "-f", "lavfi", "-t", "40", "-i", "anullsrc=r=48000:cl=mono",
                                      "-filter_complex", "[0]\(fit)[v]", "-map", "[v]", "-map", "1:a", "-t", "40",
                                      "-c:v", "libx264", "-preset", "veryfast", "-c:a", "aac", path])
            }
        }

        /// 6 s of the still face, no audio track.
        static func stillFaceWithoutAudio() throws -> String {
            try TestMedia.made("still-face-no-audio.mp4") { path in
                try TestMedia.ffmpeg(["-loop", "1", "-framerate", "15", "-t", "6", "-i", TestMedia.sharedFile(photo),
                                      "-vf", fit, "-an", "-c:v", "libx264", "-preset", "veryfast", path])
            }
        }

        @Test("speech while the face's lips are still: background_voice from the speech's start, with a snapshot")
        func speechOnAStillFaceIsABackgroundVoice() throws {
            let run = try AnalyzeRun.analyze(try Self.stillFaceWithSpeech())
            #expect(run.status == 0, "\(run.errorOutput)")
            let report = try run.report()
            let voices = report.timeline.filter { $0.kind == .backgroundVoice }
            #expect(voices.count == 1, "events: \(report.timeline)\n\(run.errorOutput)")
            let voice = try #require(voices.first)
            // The speech starts at 1 s; the rule fires once it held for 2 s.
            #expect(voice.start >= 0.9 && voice.start <= 2.5, "background_voice from \(voice.start) s; the speech starts at 1 s")
            #expect(voice.flagged - voice.start >= 2 - 0.01 && voice.flagged <= 5, "flagged at \(voice.flagged) s")
            let event = try #require(report.events.first { $0.kind == .backgroundVoice })
            #expect(event.snapshot != nil, "background_voice has no snapshot")
            #expect(!report.timeline.contains { $0.kind == .noAudio || $0.kind == .noFace }, "events: \(report.timeline)")
            // The summary line: the 14 s track measured (its last partial 100 ms window aside), the speech heard in it.
            let line = try #require(run.errorOutput.firstMatch(of: /audio (\d+\.\d) s measured \((\d+) of (\d+) windows speech/), "\(run.errorOutput)")
            #expect((Double(line.1) ?? 0) >= 13.8 && (Int(line.2) ?? 0) >= 50, "\(line.0)")
        }

        @Test("the same speech while the face's lips move: no background_voice")
        func speechWithMovingLipsIsTheCandidates() throws {
            let run = try AnalyzeRun.analyze(try Self.talkingFaceWithSpeech())
            #expect(run.status == 0, "\(run.errorOutput)")
            let report = try run.report()
            #expect(!report.timeline.contains { $0.kind == .backgroundVoice }, "events: \(report.timeline)")
            // The speech was heard and the face seen: the rule had what it needs and held back.
            let line = try #require(run.errorOutput.firstMatch(of: /(\d+) of (\d+) windows speech/), "\(run.errorOutput)")
            #expect((Int(line.1) ?? 0) >= 50, "\(line.0)")
            #expect(!report.timeline.contains { $0.kind == .noFace }, "events: \(report.timeline)")
        }

        @Test("a silent track: no_audio once it lasted 30 s")
        func aSilentTrackIsNoAudio() throws {
            let run = try AnalyzeRun.analyze(try Self.stillFaceSilent())
            #expect(run.status == 0, "\(run.errorOutput)")
            let report = try run.report()
            let silences = report.timeline.filter { $0.kind == .noAudio }
            #expect(silences.count == 1, "events: \(report.timeline)")
            let silence = try #require(silences.first)
            #expect(silence.start <= 1.5, "silent from the first frames: \(silence.start) s")
            #expect(silence.flagged > 30 && silence.flagged <= 32, "flagged at \(silence.flagged) s (silent for longer than 30 s)")
            #expect(!report.timeline.contains { $0.kind == .backgroundVoice }, "events: \(report.timeline)")
        }

        @Test("a file without audio: judged on video, and the summary says the audio checks did not run")
        func aFileWithoutAudioSaysSo() throws {
            let run = try AnalyzeRun.analyze(try Self.stillFaceWithoutAudio())
            #expect(run.status == 0, "\(run.errorOutput)")
            let report = try run.report()
            #expect(run.errorOutput.contains("no audio track in the file: no_audio and background_voice were not judged"), "\(run.errorOutput)")
            #expect(!report.timeline.contains { $0.kind == .noAudio || $0.kind == .backgroundVoice }, "events: \(report.timeline)")
            #expect(report.timeline.isEmpty, "a still face for 6 s raises nothing: \(report.timeline)")
        }
    }
}
