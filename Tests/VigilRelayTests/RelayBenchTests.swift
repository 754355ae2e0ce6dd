import Foundation
import Testing

extension RelayBrowserTests {
    /// The relay figures for `make bench` (scripts/bench.sh runs this with VIGIL_BIN set to the
    /// release `vigil` and VIGIL_RELAY_BENCH_OUT set to a file; in `make test` it runs against the
    /// debug build and checks the figures are sane). One session, candidate and interviewer in two
    /// headless Chromium instances at 640x480@30:
    /// - `join_to_first_frame`: the interviewer's page sends `join` into a call the candidate is
    ///   already in → its `getStats` shows the first decoded frame (page clock, 50 ms polls).
    /// - `cpu_per_session`: the server process's utime+stime from /proc/PID/stat over 20 s (8 s in
    ///   `make test`), in % of
    ///   one core (relay, signaling and the live detectors); `relay_cpu_per_session` counts only the
    ///   GStreamer threads (from /proc/PID/task/*/stat; the Swift forward runs on them), leaving out
    ///   Swift's executors, the HTTP server and the detectors.
    /// - `relay_added_delay`: what the relay adds to a frame's way, measured inside the server with
    ///   pad-probe timestamps: entry of the frame's first RTP packet into the receive branch (after
    ///   webrtcbin's jitter buffer) → encoded (depayload, decode, leaky queue, overlay, encode), plus
    ///   the forward into the receiver's appsrc, plus the receive jitter buffer's configured latency
    ///   (200 ms since NACK repair needs room to wait for a retransmission; an upper bound of what it
    ///   holds on loopback). Not measured: packetisation and the
    ///   send path inside the receiver's webrtcbin (no buffering there) and loopback transit.
    ///   The interviewer's own jitter buffer delay (which a direct call would have too) is reported
    ///   beside it as `receiver_jitter_buffer_delay`.
    /// - `memory_per_session`: server RSS during the call minus RSS before the first join (so it
    ///   includes the first session's one-time costs: GStreamer plugins, codecs, detector models).
    @Suite(.serialized) struct RelayBenchTests {
        @Test(.timeLimit(.minutes(3))) func relayFigures() async throws {
            try await withRelay { relay in
                let server = relay.server
                let load = Self.loadAverage()
                let rssBefore = Self.rssKilobytes(server.pid)
                let session = try await server.createSession()
                let candidate = try await relay.join(.candidate, session)
                let candidateUp = try await relay.waitFor("candidate connected", timeout: 20) { try await candidate.state() == "connected" }
                try #require(candidateUp, "the candidate did not connect")
                try await Task.sleep(for: .seconds(2))
                let interviewer = try await relay.join(.interviewer, session)
                let joined = try await relay.joinSent(interviewer)
                let first = try await relay.secondsToFramesFrom(interviewer, since: joined)
                try #require(first != nil, "the interviewer decoded no frame within 10 s")

                try await Task.sleep(for: .seconds(3))  // past the key frame and the first bitrate ramp
                let statusBefore = try await server.relayStatus(session)
                let interviewerBefore = try await interviewer.stats()
                let (cpuBefore, threadsBefore) = (Self.cpuTicks(server.pid), Self.threadTicks(server.pid))
                let analysedBefore = try await InStreamProctoringTests.framesAnalysed(server)
                let started = Date()
                // 20 s for `make bench`'s figures; 8 s are enough for `make test`'s sanity checks.
                let window = ProcessInfo.processInfo.environment["VIGIL_RELAY_BENCH_OUT"] == nil ? 8 : 20
                try await Task.sleep(for: .seconds(window))
                let seconds = Date().timeIntervalSince(started)
                let (cpuAfter, threadsAfter) = (Self.cpuTicks(server.pid), Self.threadTicks(server.pid))
                let analysisFPS = (try await InStreamProctoringTests.framesAnalysed(server) - analysedBefore) / seconds
                let interviewerAfter = try await interviewer.stats()
                let statusAfter = try await server.relayStatus(session)
                let rssDuring = Self.rssKilobytes(server.pid)

                let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
                let cpu = Double(cpuAfter - cpuBefore) / ticksPerSecond / seconds * 100
                // The relay's own work runs on GStreamer's threads (streaming threads named after their
                // pads, rtpsession, jitter buffer, webrtc, nice, clock), the Swift forward included;
                // Swift's executors (*qos*), the HTTP server (NIO-*), the main thread and the
                // detectors' thread (analysis-*) are the rest of the server.
                func isRelayThread(_ name: String) -> Bool {
                    !(name.contains("qos") || name.hasPrefix("NIO-") || name == "vigil" || name.hasPrefix("analysis-"))
                }
                let relayTicks = threadsAfter.filter { isRelayThread($0.key) }.map { $0.value - (threadsBefore[$0.key] ?? 0) }.reduce(0, +)
                let relayCPU = Double(relayTicks) / ticksPerSecond / seconds * 100
                // The busiest threads over the window, for reading the CPU figure.
                let busiest = threadsAfter.map { ($0.key, Double($0.value - (threadsBefore[$0.key] ?? 0)) / ticksPerSecond / seconds * 100) }
                    .sorted { $0.1 > $1.1 }.prefix(8).map { "\($0.0) \(Self.round($0.1))" }.joined(separator: ", ")

                func stage(_ status: [String: Any], _ key: String) -> Double { ((status["stages"] as? [String: Any])?[key] as? NSNumber)?.doubleValue ?? 0 }
                // Means over the 20 s window from the running totals.
                let frames = stage(statusAfter, "transit_frames") - stage(statusBefore, "transit_frames")
                let transit = (stage(statusAfter, "transit_milliseconds_mean") * stage(statusAfter, "transit_frames")
                    - stage(statusBefore, "transit_milliseconds_mean") * stage(statusBefore, "transit_frames")) / max(frames, 1)
                let forward = stage(statusAfter, "forward_milliseconds_mean")
                let jitterLatency = 200.0  // RelayConfiguration.jitterLatencyMilliseconds' default, which the bench's server runs with
                let added = jitterLatency + transit + forward
                func inbound(_ stats: PageStats, _ key: String) -> Double {
                    (((stats["inbound"] as? [String: Any])?["video"] as? [String: Any])?[key] as? NSNumber)?.doubleValue ?? 0
                }
                let emitted = inbound(interviewerAfter, "jitterBufferEmittedCount") - inbound(interviewerBefore, "jitterBufferEmittedCount")
                let receiverJitter = (inbound(interviewerAfter, "jitterBufferDelay") - inbound(interviewerBefore, "jitterBufferDelay")) / max(emitted, 1) * 1000
                let decodedFPS = (interviewerAfter.framesDecoded - interviewerBefore.framesDecoded) / seconds

                let common: [String: Any] = ["bench": "relay", "size": "640x480", "fps_in": 30, "load_before": load,
                                             "server": URL(fileURLWithPath: VigilServerProcess.binary).deletingLastPathComponent().lastPathComponent]
                let lines: [[String: Any]] = [
                    ["metric": "cpu_per_session", "value": Self.round(cpu), "unit": "%core", "seconds": Self.round(seconds),
                     "includes": "relay, signaling and live detectors", "interviewer_fps": Self.round(decodedFPS),
                     "busiest_threads_pct": busiest],
                    ["metric": "relay_cpu_per_session", "value": Self.round(relayCPU), "unit": "%core", "seconds": Self.round(seconds),
                     "method": "GStreamer threads only (streaming, rtpsession, jitter buffer, webrtc, nice, clock), from /proc/PID/task/*/stat"],
                    ["metric": "relay_added_delay", "value": Self.round(added), "unit": "ms",
                     "method": "pad probes: branch entry (after jitter buffer) → encoded, + forward, + 200 ms jitter buffer latency",
                     "transit_ms": Self.round(transit), "transit_max_ms": stage(statusAfter, "transit_milliseconds_max"),
                     "forward_ms": forward, "jitter_buffer_latency_ms": jitterLatency, "frames": Int(frames)],
                    ["metric": "receiver_jitter_buffer_delay", "value": Self.round(receiverJitter), "unit": "ms",
                     "method": "interviewer getStats jitterBufferDelay / jitterBufferEmittedCount over the window (a direct call has one too)"],
                    ["metric": "relay_fps", "value": Self.round(decodedFPS), "unit": "frames/s", "analyzer": analysisFPS > 0 ? "busy" : "idle",
                     "analysis_fps": Self.round(analysisFPS),
                     "method": "frames the interviewer's page decoded over the window (getStats); the analyzer is idle when the server has no models"],
                    ["metric": "join_to_first_frame", "value": Self.round((first ?? 0) * 1000), "unit": "ms",
                     "method": "interviewer page sends join into a running call → first decoded frame (page clock, 50 ms polls)"],
                    ["metric": "memory_per_session", "value": Self.round(Double(rssDuring - rssBefore) / 1024), "unit": "MiB",
                     "method": "server RSS during the call minus before the first join (includes one-time plugin and model loading)",
                     "rss_before_mib": Self.round(Double(rssBefore) / 1024), "rss_during_mib": Self.round(Double(rssDuring) / 1024)],
                ]
                var text = ""
                for line in lines {
                    let object = common.merging(line) { $1 }
                    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                    text += String(decoding: data, as: UTF8.self) + "\n"
                }
                print(text.split(separator: "\n").map { "RELAY-BENCH \($0)" }.joined(separator: "\n"))
                if let out = ProcessInfo.processInfo.environment["VIGIL_RELAY_BENCH_OUT"] {
                    try text.write(toFile: out, atomically: true, encoding: .utf8)
                }

                #expect(decodedFPS >= 25, "the interviewer must decode the relayed video at ~30 fps during the bench: \(decodedFPS)")
                #expect(frames > 100, "the delay probes must match frames: \(frames)")
                #expect((first ?? 99) <= 3, "join to first frame: \(first ?? -1) s")
                #expect(cpu > 0 && rssDuring > rssBefore)
            }
        }

        static func round(_ value: Double) -> Double { (value * 10).rounded() / 10 }

        static func loadAverage() -> Double {
            let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
            return Double(text.split(separator: " ").first ?? "") ?? -1
        }

        /// utime + stime of a /proc stat line (fields 14 and 15, after the parenthesised name).
        static func ticks(_ statLine: String) -> Int {
            guard let close = statLine.lastIndex(of: ")") else { return 0 }
            let fields = statLine[statLine.index(after: close)...].split(separator: " ")
            // fields[0] is the state (field 3); utime is field 14, stime field 15.
            guard fields.count > 12 else { return 0 }
            return (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
        }

        static func cpuTicks(_ pid: Int32) -> Int {
            ticks((try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? "")
        }

        /// CPU ticks per thread name (threads of the same name summed).
        static func threadTicks(_ pid: Int32) -> [String: Int] {
            var result: [String: Int] = [:]
            for task in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? [] {
                let name = ((try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/comm", encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                result[name, default: 0] += ticks((try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/stat", encoding: .utf8)) ?? "")
            }
            return result
        }

        static func rssKilobytes(_ pid: Int32) -> Int {
            let text = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
                return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
            }
            return 0
        }
    }
}

extension RelayFixture {
    /// Seconds from `since` (page clock, ms) to the first poll showing a decoded frame.
    func secondsToFramesFrom(_ browser: HeadlessChromium, since: Double, timeout: Double = 10) async throws -> Double? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let stats = try await browser.stats()
            if stats.framesDecoded >= 1 { return (stats.at - since) / 1000 }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }
}
