import VigilGStreamer

/// What a load peer does when webrtcbin exposes a pad for what the server relays to it (a
/// streaming thread): depayload (and decode the video if this peer decodes) into a fakesink
/// named `counter` whose sink pad is probed to count frames and packets. The probes only count
/// and, every 10th decoded frame, look for the server's face box; they never wait.
struct LoadReceiveBranch: Sendable {
    let pipeline: Pipeline
    let counters: LoadPeerCounters
    let decodeVideo: Bool

    func add(from pad: PadRef) {
        guard let caps = pad.caps else { return }
        let media = caps.string("media")
        let video = media == "video"
        let bin: ElementRef
        do {
            bin = try BranchDescription.parse(LoadMedia.receiveDescription(video: video, decode: decodeVideo), ghostingUnlinkedPads: true)
        } catch {
            counters.note("receive branch: \(error.description)")
            return
        }
        if let counter = bin.child(named: "counter") {
            if let sinkPad = counter.staticPad(named: "sink") {
                installCounter(on: sinkPad, video: video)
                sinkPad.release()
            }
            counter.release()
        }
        do {
            try pipeline.attach(bin, from: pad)
        } catch {
            counters.note("could not link the \(media ?? "?") pad (\(error.code))")
        }
    }

    private func installCounter(on pad: PadRef, video: Bool) {
        let counters = counters
        guard video else {
            pad.addProbe(.buffers) { _ in counters.audioPackets.add(1, ordering: .relaxed) }
            return
        }
        guard decodeVideo else {
            // Depayloaded VP8 (a peer that does not decode): one buffer per frame.
            pad.addProbe(.buffers) { _ in counters.videoFrames.add(1, ordering: .relaxed) }
            return
        }
        pad.addProbe(.buffers) { info in
            let frame = counters.videoFrames.add(1, ordering: .relaxed).newValue
            guard frame % 10 == 1, let caps = info.pad.currentCaps else { return }
            counters.width.store(caps.int("width") ?? 0, ordering: .relaxed)
            counters.height.store(caps.int("height") ?? 0, ordering: .relaxed)
            guard let layout = caps.videoLayout,
                  let pixels = info.withBufferBytes({ FaceBoxPixels.count(bytes: $0, layout: layout) }) ?? nil else { return }
            counters.faceBoxPixels.store(pixels, ordering: .relaxed)
            _ = counters.faceBoxPixelsMax.max(pixels, ordering: .relaxed)
        }
    }
}
