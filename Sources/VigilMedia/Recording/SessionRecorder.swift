import Dispatch
import Foundation
import Synchronization
import VigilGStreamer

/// Records one session's call to WebM as it arrives, without decoding: the candidate's VP8 as
/// received (`record_video_sink`, before `vp8dec`), the candidate's and the interviewer's Opus
/// (the relay's audio appsinks), muxed by `recording.pipeline` into one file.
///
/// One recorder per `RelaySession`, so a candidate who rejoins (a new participant pipeline)
/// continues the same file on the same timeline: every buffer is stamped with the time since
/// the recording's first key frame (its 0:00, reported through `RecordingTarget.started`), so a
/// moment of the call is the same moment of the recording. Crash safety comes from the muxer
/// writing each block as it arrives through an unbuffered filesink: after a `kill -9` the file
/// plays up to the last block written.
///
/// Called from streaming threads (`video`, `audio`: they only push into non-blocking appsrcs,
/// under one mutex) and from the session actor (`start`, `finish`).
final class SessionRecorder: Sendable {
    private struct Running {
        let pipeline: Pipeline
        let sources: [RecordingTrack: AppSource]
        let target: RecordingTarget
    }

    private struct State {
        var running: Running?
        /// The recording's 0:00 (the first key frame's arrival).
        var epoch: ContinuousClock.Instant?
        var startedAt: Date?
        var videoCaps: Caps?
        var lastStamp: [RecordingTrack: UInt64] = [:]
        /// The candidate's record appsink, where key-frame requests are sent from.
        var videoSource: (participant: String, sink: ElementRef)?
        var lastKeyFrameRequest: ContinuousClock.Instant?
        /// Where the last key frame went on the recording's timeline.
        var lastKeyFrameStamp: UInt64 = 0
        var finished = false
    }

    private let state = Mutex(State())
    private static let audioCaps = Caps(parsing: "audio/x-opus,channel-mapping-family=0,channels=2,rate=48000")!
    private static let queue = DispatchQueue(label: "vigil.recording.close")
    /// Browsers send a key frame only when asked: the recorder asks every few seconds, so that a
    /// clip (cut on key frames) starts close to its moment and a player seeks quickly.
    static let keyFrameIntervalNanoseconds: UInt64 = 4_000_000_000

    var isRecording: Bool { state.withLock { $0.running != nil } }

    /// Builds and plays the recording pipeline for `target`; the file begins at the next key
    /// frame of the candidate (asked for at once).
    func start(_ template: PipelineTemplate, target: RecordingTarget) throws(MediaError) {
        let description = try FilledDescription(template, ["path": target.file.path])
        let pipeline: Pipeline
        do {
            pipeline = try Pipeline(launching: description.text)
        } catch {
            throw .pipelineInvalid(file: description.file, reason: error.description)
        }
        var sources: [RecordingTrack: AppSource] = [:]
        for track in RecordingTrack.allCases {
            guard let element = pipeline.element.child(named: track.rawValue) else {
                sources.values.forEach { $0.element.release() }
                pipeline.stopNow()
                throw .elementMissing(file: description.file, name: track.rawValue)
            }
            sources[track] = AppSource(element)
        }
        guard pipeline.play() != .failure else {
            pipeline.stopNow(releasing: sources.values.map(\.element))
            throw .pipelineInvalid(file: description.file, reason: "the recording pipeline did not start (is \(target.file.deletingLastPathComponent().path) writable?)")
        }
        let refused = state.withLock { state -> Bool in
            guard state.running == nil, !state.finished else { return true }
            state.running = Running(pipeline: pipeline, sources: sources, target: target)
            return false
        }
        if refused {
            pipeline.stopNow(releasing: sources.values.map(\.element))
            return
        }
        requestKeyFrame(force: true)
    }

    /// Streaming thread (the candidate's `record_video_sink`): one VP8 frame as received.
    func video(_ sample: SampleRef) {
        var started: (RecordingTarget, Date)?
        var needsKeyFrame = false
        state.withLock { state in
            guard let running = state.running, let source = running.sources[.video] else { return }
            let now = ContinuousClock.now
            if state.epoch == nil {
                guard !sample.isDeltaUnit, let bytes = sample.rawBytes, let size = VP8FrameSize(keyFrame: bytes) else {
                    needsKeyFrame = true
                    return
                }
                state.epoch = now
                state.startedAt = Date()
                state.videoCaps = Caps(parsing: "video/x-vp8,width=\(size.width),height=\(size.height),framerate=0/1")
                started = (running.target, state.startedAt!)
            }
            guard let epoch = state.epoch, let caps = state.videoCaps else { return }
            let stamp = Self.nanoseconds(now - epoch)
            Self.push(sample, at: stamp, caps: caps, into: source)
            state.lastStamp[.video] = stamp
            if !sample.isDeltaUnit {
                state.lastKeyFrameStamp = stamp
            } else if stamp - state.lastKeyFrameStamp > Self.keyFrameIntervalNanoseconds {
                needsKeyFrame = true
            }
            for track in [RecordingTrack.candidateAudio, .interviewerAudio] {
                guard let audio = running.sources[track] else { continue }
                var next = state.lastStamp[track].map { $0 + OpusSilence.packetNanoseconds } ?? 0
                while next + OpusSilence.allowedLagNanoseconds < stamp {
                    if let silence = SampleRef.make(bytes: OpusSilence.packet, caps: Self.audioCaps, nanoseconds: next) {
                        _ = audio.push(silence)
                        silence.release()
                    }
                    state.lastStamp[track] = next
                    next += OpusSilence.packetNanoseconds
                }
            }
        }
        if let (target, at) = started { target.started(at) }
        if needsKeyFrame { requestKeyFrame(force: false) }
    }

    /// Streaming thread (a relay audio appsink): one Opus packet of the candidate or interviewer.
    func audio(_ sample: SampleRef, from stream: RelayStream) {
        guard let track = RecordingTrack(stream) else { return }
        state.withLock { state in
            guard let running = state.running, let source = running.sources[track], let epoch = state.epoch else { return }
            var stamp = Self.nanoseconds(ContinuousClock.now - epoch)
            if let last = state.lastStamp[track], stamp <= last { stamp = last + 1_000_000 }
            Self.push(sample, at: stamp, caps: Self.audioCaps, into: source)
            state.lastStamp[track] = stamp
        }
    }

    /// Streaming thread (pad-added of a candidate's video): key-frame requests now go there.
    func setVideoSource(_ sink: ElementRef, participant: String) {
        let owned = sink.retained()
        let previous = state.withLock { state in
            defer { state.videoSource = (participant, owned) }
            return state.videoSource?.sink
        }
        previous?.release()
        requestKeyFrame(force: true)
    }

    /// The participant left: its pipeline is about to stop.
    func forgetVideoSource(participant: String) {
        let gone = state.withLock { state -> ElementRef? in
            guard let source = state.videoSource, source.participant == participant else { return nil }
            state.videoSource = nil
            return source.sink
        }
        gone?.release()
    }

    /// Ends every track, waits (on a utility queue) for the muxer to write its index and close
    /// the file, then stops the pipeline. Nil when nothing was being recorded; a result without
    /// a start time is never returned (a call in which no video arrived recorded nothing).
    func finish() async -> RecordingResult? {
        let (closing, source): ((Running, Date?, UInt64)?, ElementRef?) = state.withLock { state in
            state.finished = true
            defer { state.running = nil; state.videoSource = nil }
            return (state.running.map { ($0, state.startedAt, state.lastStamp[.video] ?? 0) }, state.videoSource?.sink)
        }
        source?.release()
        guard let (running, startedAt, lastVideo) = closing else { return nil }
        let problem: String? = await withCheckedContinuation { done in
            Self.queue.async {
                running.sources.values.forEach { $0.endOfStream() }
                let drain = running.pipeline.waitForEndOfStream(timeoutNanoseconds: 10_000_000_000)
                running.pipeline.stopNow(releasing: running.sources.values.map(\.element))
                switch drain {
                case .ended: done.resume(returning: nil)
                case .failed(let reason): done.resume(returning: reason)
                case .timedOut: done.resume(returning: "the muxer did not finish within 10 s")
                }
            }
        }
        guard let startedAt else { return nil }
        return RecordingResult(file: running.target.file, startedAt: startedAt, durationSeconds: Double(lastVideo) / 1e9, problem: problem)
    }

    private func requestKeyFrame(force: Bool) {
        let now = ContinuousClock.now
        let sink: ElementRef? = state.withLock { state in
            guard let source = state.videoSource else { return nil }
            if !force, let last = state.lastKeyFrameRequest, now - last < .seconds(1) { return nil }
            state.lastKeyFrameRequest = now
            return source.sink.retained()
        }
        guard let sink else { return }
        defer { sink.release() }
        guard let pad = sink.staticPad(named: "sink") else { return }
        defer { pad.release() }
        pad.requestKeyFrameUpstream()
    }

    private static func push(_ sample: SampleRef, at nanoseconds: UInt64, caps: Caps, into source: AppSource) {
        guard let stamped = sample.stampedCopy(nanoseconds: nanoseconds, caps: caps) else { return }
        _ = source.push(stamped)
        stamped.release()
    }

    private static func nanoseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        return UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds / 1_000_000_000))
    }

    deinit {
        state.withLock { state in
            state.videoSource?.sink.release()
            if let running = state.running { running.pipeline.stopNow(releasing: running.sources.values.map(\.element)) }
        }
    }
}
