#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Synchronization
import VigilGStreamer

/// Per-stage counters of the candidate's video through the relay, for measuring where frames go
/// (`GET /api/sessions/:id/relay`, `stages`): buffers out of the decoder, into and out of the
/// leaky queue in front of the overlay and encoder, out of the encoder, and the time the overlay
/// and encoder take per frame. Pad probes only count: they never hold a buffer or block.
/// Totals since the session's relay began (a candidate who rejoins adds to them).
public final class RelayStages: Sendable {
    let decoded = Atomic<Int>(0)
    let queueIn = Atomic<Int>(0)
    let queueOut = Atomic<Int>(0)
    let encoded = Atomic<Int>(0)
    /// Nanoseconds from a buffer leaving `relay_queue` to its encoded frame leaving `relay_encoder`
    /// (overlay + encode, one streaming thread, lag-in-frames=0 so one frame in flight).
    let encodeNanosTotal = Atomic<Int>(0)
    let encodeNanosMax = Atomic<Int>(0)
    let encodeStartedAt = Atomic<Int>(0)
    /// Time spent in the relay appsink callback (StreamRouter.forward) per video sample.
    let forwardNanosTotal = Atomic<Int>(0)
    let forwardNanosMax = Atomic<Int>(0)
    let forwardCalls = Atomic<Int>(0)
    /// When each frame's first RTP packet reached the branch (`entry`, after webrtcbin's jitter
    /// buffer), by timestamp: matched at the encoder's output for the time a frame spends in the
    /// server from leaving the jitter buffer to being encoded (depayload, decode, queue, overlay, encode).
    private let entryTimes = Mutex<[UInt64: Int]>([:])
    let transitNanosTotal = Atomic<Int>(0)
    let transitNanosMax = Atomic<Int>(0)
    let transitCount = Atomic<Int>(0)

    init() {}

    public struct Snapshot: Sendable, Codable, Equatable {
        public var decoded: Int
        public var queueIn: Int
        public var queueOut: Int
        /// queueIn - queueOut: what the leaky queue dropped (plus at most its size still queued).
        public var queueDropped: Int
        public var encoded: Int
        public var encodeMillisecondsMean: Double
        public var encodeMillisecondsMax: Double
        public var forwardMillisecondsMean: Double
        public var forwardMillisecondsMax: Double
        /// Entry (after the jitter buffer) to encoded, per frame matched by timestamp.
        public var transitMillisecondsMean: Double
        public var transitMillisecondsMax: Double
        public var transitFrames: Int
    }

    public var snapshot: Snapshot {
        let encoded = encoded.load(ordering: .relaxed), forwards = forwardCalls.load(ordering: .relaxed)
        let queueIn = queueIn.load(ordering: .relaxed), queueOut = queueOut.load(ordering: .relaxed)
        func ms(_ nanos: Int) -> Double { (Double(nanos) / 1e4).rounded() / 100 }
        return Snapshot(decoded: decoded.load(ordering: .relaxed), queueIn: queueIn, queueOut: queueOut,
                        queueDropped: max(0, queueIn - queueOut), encoded: encoded,
                        encodeMillisecondsMean: ms(encodeNanosTotal.load(ordering: .relaxed) / max(encoded, 1)),
                        encodeMillisecondsMax: ms(encodeNanosMax.load(ordering: .relaxed)),
                        forwardMillisecondsMean: ms(forwardNanosTotal.load(ordering: .relaxed) / max(forwards, 1)),
                        forwardMillisecondsMax: ms(forwardNanosMax.load(ordering: .relaxed)),
                        transitMillisecondsMean: ms(transitNanosTotal.load(ordering: .relaxed) / max(transitCount.load(ordering: .relaxed), 1)),
                        transitMillisecondsMax: ms(transitNanosMax.load(ordering: .relaxed)),
                        transitFrames: transitCount.load(ordering: .relaxed))
    }

    /// Installs the probes on the elements of a candidate video branch that exist in `bin`.
    func instrument(_ bin: ElementRef) {
        probe(bin, "entry", "sink", .entry)
        probe(bin, "decoder", "src", .decoded)
        probe(bin, "relay_queue", "sink", .queueIn)
        probe(bin, "relay_queue", "src", .queueOut)
        probe(bin, "relay_encoder", "src", .encoded)
    }

    func recordForward(nanoseconds: Int) {
        forwardCalls.add(1, ordering: .relaxed)
        forwardNanosTotal.add(nanoseconds, ordering: .relaxed)
        raiseMax(forwardNanosMax, to: nanoseconds)
    }

    private func hit(_ point: Point, pts: UInt64?) {
        switch point {
        case .entry:
            guard let pts else { return }
            let now = Self.now()
            entryTimes.withLock { times in
                if times[pts] == nil {
                    if times.count > 256 { times.removeAll(keepingCapacity: true) }
                    times[pts] = now
                }
            }
        case .decoded: decoded.add(1, ordering: .relaxed)
        case .queueIn: queueIn.add(1, ordering: .relaxed)
        case .queueOut:
            queueOut.add(1, ordering: .relaxed)
            encodeStartedAt.store(Self.now(), ordering: .relaxed)
        case .encoded:
            encoded.add(1, ordering: .relaxed)
            if let pts, let entered = entryTimes.withLock({ $0.removeValue(forKey: pts) }) {
                let transit = Self.now() - entered
                transitCount.add(1, ordering: .relaxed)
                transitNanosTotal.add(transit, ordering: .relaxed)
                raiseMax(transitNanosMax, to: transit)
            }
            let started = encodeStartedAt.load(ordering: .relaxed)
            if started > 0 {
                let spent = Self.now() - started
                encodeNanosTotal.add(spent, ordering: .relaxed)
                raiseMax(encodeNanosMax, to: spent)
            }
        }
    }

    private func raiseMax(_ value: borrowing Atomic<Int>, to candidate: Int) {
        var current = value.load(ordering: .relaxed)
        while candidate > current {
            let (exchanged, original) = value.compareExchange(expected: current, desired: candidate, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }

    static func now() -> Int {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return spec.tv_sec * 1_000_000_000 + spec.tv_nsec
    }

    /// Where a counting probe sits.
    private enum Point: Sendable { case entry, decoded, queueIn, queueOut, encoded }

    private func probe(_ bin: ElementRef, _ element: String, _ padName: String, _ point: Point) {
        guard let found = bin.child(named: element) else { return }
        defer { found.release() }
        guard let pad = found.staticPad(named: padName) else { return }
        defer { pad.release() }
        pad.addProbe(.buffersAndLists) { [self] info in hit(point, pts: info.presentationTime) }
    }
}
