import ArgumentParser
import Foundation
import VigilCore

/// `vigil-bench voice`: the two voice activity detectors tried for the audio checks, on the same
/// audio built here (espeak-ng speech, silence, background noise, a mains hum, key clicks), and
/// what the audio analysis costs a session. Vigil's energy detector (`VoiceActivityDetector`) and
/// GStreamer's `webrtcdsp` detector (WebRTC's GMM VAD, run by gst-launch-1.0) are judged on
/// 100 ms windows: the share of speech windows flagged (recall) and of non-speech windows
/// flagged (false alarms), per kind of non-speech. CPU: the detector per audio second, and the
/// Opus decode of the tee branch (`opusdec ! audioconvert ! audioresample`) per audio second.
struct VoiceBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "voice", abstract: "Voice activity detectors compared; audio analysis CPU per session.")

    @Option(help: "How many times the corpus is repeated for the CPU timings.")
    var repeats = 10

    func run() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-voice-bench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let corpus = try VoiceCorpus.build(in: folder)
        let seconds = Double(corpus.samples.count) / 16_000

        // Vigil's energy detector.
        var detector = VoiceActivityDetector()
        let energy = detector.feed(corpus.samples).map(\.speech)
        report("energy", corpus: corpus, flags: energy)
        let long = Array(repeating: corpus.samples, count: repeats).flatMap { $0 }
        let clock = ContinuousClock()
        var timed = VoiceActivityDetector()
        let elapsed = clock.measure { _ = timed.feed(long) }
        let energyCPU = ms(elapsed) / (seconds * Double(repeats))
        emit("voice", "cpu_per_audio_second", energyCPU, "ms", ["detector": "energy"])

        // GStreamer's webrtcdsp detector on the same samples.
        let wav = folder.appendingPathComponent("corpus.wav")
        try WAVFile.write(corpus.samples, to: wav)
        let messages = try GstLaunch.run(["-m", "filesrc", "location=\(wav.path)", "!", "wavparse", "!", "audioconvert", "!",
                                          "webrtcdsp", "voice-detection=true", "echo-cancel=false", "noise-suppression=false",
                                          "gain-control=false", "high-pass-filter=false", "!", "fakesink"]).output
        let webrtc = WebRTCVoiceMessages.flags(messages, windows: energy.count)
        report("webrtcdsp", corpus: corpus, flags: webrtc)
        let longWAV = folder.appendingPathComponent("long.wav")
        try WAVFile.write(long, to: longWAV)
        let base = ["filesrc", "location=\(longWAV.path)", "!", "wavparse", "!", "audioconvert", "!"]
        let plain = try GstLaunch.run(base + ["fakesink"]).cpuSeconds
        let withDSP = try GstLaunch.run(base + ["webrtcdsp", "voice-detection=true", "echo-cancel=false", "noise-suppression=false",
                                                "gain-control=false", "high-pass-filter=false", "!", "fakesink"]).cpuSeconds
        emit("voice", "cpu_per_audio_second", max(0, withDSP - plain) * 1000 / (seconds * Double(repeats)), "ms", ["detector": "webrtcdsp"])

        // The tee branch's decode, from Opus as the browser sends it (48 kHz), to 16 kHz mono.
        let opus = folder.appendingPathComponent("long.ogg")
        _ = try GstLaunch.run(base + ["audioresample", "!", "audio/x-raw,rate=48000", "!", "opusenc", "bitrate=32000", "!",
                                      "oggmux", "!", "filesink", "location=\(opus.path)"])
        let demux = try GstLaunch.run(["filesrc", "location=\(opus.path)", "!", "oggdemux", "!", "fakesink"]).cpuSeconds
        let decode = try GstLaunch.run(["filesrc", "location=\(opus.path)", "!", "oggdemux", "!", "opusdec", "plc=false", "!",
                                        "audioconvert", "!", "audioresample", "!",
                                        "audio/x-raw,format=S16LE,channels=1,rate=16000", "!", "fakesink"]).cpuSeconds
        let decodeCPU = max(0, decode - demux) * 1000 / (seconds * Double(repeats))
        emit("voice", "decode_cpu_per_audio_second", decodeCPU, "ms", ["branch": "opusdec ! audioconvert ! audioresample"])
        // Two microphones per session (candidate, interviewer), each decoded and measured once.
        emit("voice", "audio_analysis_cpu_per_session", 2 * (decodeCPU + energyCPU) / 10, "% of a core",
             ["microphones": 2, "detector": "energy"])
    }

    private func report(_ name: String, corpus: VoiceCorpus, flags: [Bool]) {
        let speech = corpus.windowLabels.indices.filter { corpus.windowLabels[$0] == "speech" && $0 < flags.count }
        let recall = Double(speech.filter { flags[$0] }.count) / Double(max(speech.count, 1))
        emit("voice", "speech_recall", recall, "share", ["detector": name, "windows": speech.count])
        for kind in ["silence", "noise", "hum", "clicks"] {
            let windows = corpus.windowLabels.indices.filter { corpus.windowLabels[$0] == kind && $0 < flags.count }
            let alarms = Double(windows.filter { flags[$0] }.count) / Double(max(windows.count, 1))
            emit("voice", "false_alarms", alarms, "share", ["detector": name, "non_speech": kind, "windows": windows.count])
        }
        // What the 2 s background_voice rule sees: the longest run of non-speech heard as speech.
        var longest = 0, run = 0
        for index in flags.indices {
            run = flags[index] && corpus.windowLabels[index] != "speech" ? run + 1 : 0
            longest = max(longest, run)
        }
        emit("voice", "longest_false_speech", Double(longest) / 10, "s", ["detector": name])
    }
}
