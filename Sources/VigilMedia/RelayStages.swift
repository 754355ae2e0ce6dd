import CGStreamer
import Synchronization

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
                        forwardMillisecondsMax: ms(forwardNanosMax.load(ordering: .relaxed)))
    }

    /// Installs the probes on the elements of a candidate video branch that exist in `bin`.
    func instrument(_ bin: UnsafeMutablePointer<GstElement>) {
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

    fileprivate func hit(_ point: StageProbe.Point) {
        switch point {
        case .decoded: decoded.add(1, ordering: .relaxed)
        case .queueIn: queueIn.add(1, ordering: .relaxed)
        case .queueOut:
            queueOut.add(1, ordering: .relaxed)
            encodeStartedAt.store(Self.now(), ordering: .relaxed)
        case .encoded:
            encoded.add(1, ordering: .relaxed)
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

    private func probe(_ bin: UnsafeMutablePointer<GstElement>, _ element: String, _ padName: String, _ point: StageProbe.Point) {
        guard let found = vigil_bin_get(bin, element) else { return }
        defer { vigil_object_unref(found) }
        guard let pad = gst_element_get_static_pad(found, padName) else { return }
        defer { vigil_object_unref(pad) }
        let context = StageProbe(stages: self, point: point)
        _ = gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER, stageProbeCallback,
                              Unmanaged.passRetained(context).toOpaque(), releaseStageProbe)
    }
}

/// User data of one counting probe.
final class StageProbe: Sendable {
    enum Point: Sendable { case decoded, queueIn, queueOut, encoded }
    let stages: RelayStages
    let point: Point

    init(stages: RelayStages, point: Point) {
        self.stages = stages
        self.point = point
    }
}

let stageProbeCallback: @convention(c) (UnsafeMutablePointer<GstPad>?, UnsafeMutablePointer<GstPadProbeInfo>?, gpointer?) -> GstPadProbeReturn = { _, _, data in
    guard let data else { return GST_PAD_PROBE_OK }
    let probe = Unmanaged<StageProbe>.fromOpaque(data).takeUnretainedValue()
    probe.stages.hit(probe.point)
    return GST_PAD_PROBE_OK
}

let releaseStageProbe: @convention(c) (gpointer?) -> Void = { data in
    guard let data else { return }
    Unmanaged<StageProbe>.fromOpaque(data).release()
}
