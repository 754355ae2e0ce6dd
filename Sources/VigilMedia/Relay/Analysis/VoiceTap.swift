import Foundation
import Synchronization
import VigilCore
import VigilGStreamer

/// Where each microphone's decoded audio (16 kHz mono S16, `voice_sink` in `audio-in.pipeline`)
/// leaves GStreamer: on the streaming thread each buffer is run through that microphone's
/// `VoiceActivityDetector` (a few microseconds) and the finished 100 ms windows are handed on
/// without waiting. The stream keeps the newest 200 windows, so a slow consumer loses windows,
/// never the call.
final class VoiceTap: Sendable {
    let activity: AsyncStream<VoiceActivity>
    private let continuation: AsyncStream<VoiceActivity>.Continuation
    private let detectors = Mutex<[VoiceSource: VoiceActivityDetector]>([:])
    private let windowCounts = Mutex<[VoiceSource: (windows: Int, speech: Int)]>([:])

    init() {
        (activity, continuation) = AsyncStream.makeStream(of: VoiceActivity.self, bufferingPolicy: .bufferingNewest(200))
    }

    /// Makes `sink` measure the voice of `source`'s microphone.
    func install(on sink: AppSink, source: VoiceSource) {
        sink.onNewSample { [self] sample in
            guard let bytes = sample.rawBytes else { return }
            deliver(bytes, from: source, arrival: Date())
        }
    }

    /// Little-endian 16-bit samples of `source`, received at `arrival`.
    func deliver(_ bytes: [UInt8], from source: VoiceSource, arrival: Date) {
        let samples = bytes.withUnsafeBytes { raw in
            (0..<(raw.count / 2)).map { Int16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self)) }
        }
        let windows = detectors.withLock { $0[source, default: VoiceActivityDetector()].feed(samples) }
        guard !windows.isEmpty else { return }
        let speech = windows.filter(\.speech).count
        windowCounts.withLock { counts in
            let before = counts[source] ?? (0, 0)
            counts[source] = (before.windows + windows.count, before.speech + speech)
        }
        // The last window ended at arrival; earlier ones 100 ms apart before it.
        for (index, window) in windows.enumerated() {
            let end = arrival.addingTimeInterval(-Double(windows.count - 1 - index) * window.duration)
            continuation.yield(VoiceActivity(source: source, window: window, end: end))
        }
    }

    /// 100 ms windows measured so far per microphone, and those with speech (relay status).
    var counts: [VoiceSource: (windows: Int, speech: Int)] { windowCounts.withLock { $0 } }

    func finish() { continuation.finish() }
}
