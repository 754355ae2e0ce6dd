import Foundation
import Synchronization
import VigilGStreamer

/// Forwards encoded samples from the appsink that ends a sender's receive branch to the appsrcs
/// of every connected receiver. Each participant has its own pipeline, so one receiver's failure
/// (a flow error, a slow peer, a teardown) never travels back into the sender's pipeline: the
/// router only ever pushes without blocking into leaky appsrcs.
///
/// Called from GStreamer streaming threads (forward, key-frame requests) and from the session
/// actor (attach, detach); the tables sit behind one mutex held only for pointer work.
final class StreamRouter: Sendable {
    private struct Target {
        let participant: String
        let appsrc: AppSource
    }

    private struct Source {
        let participant: String
        /// The appsink whose sink pad upstream events (force-key-unit) are sent from.
        let sink: ElementRef
    }

    private struct Tables {
        var targets: [RelayStream: [Target]] = [:]
        var sources: [RelayStream: Source] = [:]
        var lastKeyFrameRequest: [RelayStream: ContinuousClock.Instant] = [:]
        var forwarded: [RelayStream: Int] = [:]
        var pushed: [String: Int] = [:]
    }

    private let tables = Mutex(Tables())
    /// The session's recorder, which also hears every audio sample forwarded.
    let recorder: SessionRecorder

    init(recorder: SessionRecorder = SessionRecorder()) {
        self.recorder = recorder
    }
    /// Receivers send PLIs in bursts; one request per stream in this interval reaches the sender.
    private let keyFrameInterval = Duration.milliseconds(300)

    /// Streaming thread: push one sample to every receiver of `stream`. Timestamps are the
    /// sender pipeline's running time, meaningless in the receiver's pipeline (which started at
    /// another moment; buffers from its "future" never leave webrtcbin), so each receiver gets
    /// a metadata copy without them and its appsrc (do-timestamp) stamps its own running time.
    func forward(_ sample: SampleRef, from stream: RelayStream) {
        if stream.kind == .audio { recorder.audio(sample, from: stream) }
        tables.withLock { tables in
            tables.forwarded[stream, default: 0] += 1
            for target in tables.targets[stream] ?? [] {
                guard let unstamped = sample.unstampedCopy() else { continue }
                if target.appsrc.push(unstamped) {
                    tables.pushed["\(target.participant) \(stream.rawValue)", default: 0] += 1
                }
                unstamped.release()
            }
        }
    }

    /// Starts forwarding `stream` to `appsrc`; asks the sender for a key frame so the new
    /// receiver's picture starts at once.
    func attach(_ stream: RelayStream, to appsrc: AppSource, participant: String) {
        let owned = AppSource(appsrc.element.retained())
        tables.withLock { tables in
            tables.targets[stream, default: []].append(Target(participant: participant, appsrc: owned))
        }
        if stream.kind == .video { requestKeyFrame(stream, force: true) }
    }

    /// Stops everything to and from a participant; after this returns no streaming thread
    /// touches its elements, so its pipeline can be stopped.
    func detach(participant: String) {
        let released: [ElementRef] = tables.withLock { tables in
            var released: [ElementRef] = []
            for (stream, targets) in tables.targets {
                let (gone, kept) = (targets.filter { $0.participant == participant }, targets.filter { $0.participant != participant })
                released += gone.map(\.appsrc.element)
                tables.targets[stream] = kept
            }
            for (stream, source) in tables.sources where source.participant == participant {
                released.append(source.sink)
                tables.sources[stream] = nil
            }
            return released
        }
        released.forEach { $0.release() }
        recorder.forgetVideoSource(participant: participant)
    }

    /// Streaming thread (pad-added): the sender's relay appsink now exists.
    func setSource(_ stream: RelayStream, sink: ElementRef, participant: String) {
        let owned = sink.retained()
        let previous = tables.withLock { tables in
            let previous = tables.sources[stream]
            tables.sources[stream] = Source(participant: participant, sink: owned)
            return previous
        }
        previous?.sink.release()
    }

    /// Sends a fresh upstream GstForceKeyUnit into the sender's pipeline: to vp8enc for the
    /// re-encoded candidate video, through rtpvp8depay to webrtcbin (which turns it into a PLI)
    /// for the interviewer's pass-through video.
    func requestKeyFrame(_ stream: RelayStream, force: Bool = false) {
        let now = ContinuousClock.now
        let sink: ElementRef? = tables.withLock { tables in
            guard let source = tables.sources[stream] else { return nil }
            if !force, let last = tables.lastKeyFrameRequest[stream], now - last < keyFrameInterval { return nil }
            tables.lastKeyFrameRequest[stream] = now
            return source.sink.retained()
        }
        guard let sink else { return }
        defer { sink.release() }
        guard let pad = sink.staticPad(named: "sink") else { return }
        defer { pad.release() }
        pad.requestKeyFrameUpstream()
    }

    /// Samples forwarded per stream since the session began (for the status endpoint).
    var forwardedCounts: [RelayStream: Int] { tables.withLock { $0.forwarded } }

    /// Samples each receiver's appsrc accepted, keyed "participant stream".
    var pushedCounts: [String: Int] { tables.withLock { $0.pushed } }

    func receivers(of stream: RelayStream) -> [String] {
        tables.withLock { ($0.targets[stream] ?? []).map(\.participant) }
    }

    func hasSource(_ stream: RelayStream) -> Bool { tables.withLock { $0.sources[stream] != nil } }

    deinit {
        tables.withLock { tables in
            tables.targets.values.flatMap { $0 }.forEach { $0.appsrc.element.release() }
            tables.sources.values.forEach { $0.sink.release() }
        }
    }
}
