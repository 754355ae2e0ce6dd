import Foundation
import Synchronization
import Testing
import VigilGStreamer

/// The Swift layer over GStreamer on real pipelines: typed parse errors, bus errors, appsink and
/// probe closures, and webrtcbin's promises bridged to async calls.
@Suite(.serialized) struct GStreamerLayerTests {
    @Test func aMissingPluginIsRefusedWithGStreamersReason() {
        #expect(throws: PipelineDescriptionError.self) { try Pipeline(launching: "nosuchelement ! fakesink") }
        do {
            _ = try Pipeline(launching: "nosuchelement ! fakesink")
        } catch {
            #expect(error.description.contains("nosuchelement"))
        }
    }

    @Test func aRecoverableErrorIsRefusedUnlessAccepted() throws {
        let text = "videotestsrc ! audio/x-raw ! fakesink"  // "could not link": a pipeline and an error
        #expect(throws: PipelineDescriptionError.self) { try Pipeline(launching: text) }
        let pipeline = try Pipeline(launching: text, acceptingRecoverableErrors: true)
        pipeline.stopNow()
    }

    @Test func aMissingElementIsNamed() throws {
        let pipeline = try Pipeline(launching: "fakesrc ! fakesink name=out")
        defer { pipeline.stopNow() }
        #expect(throws: PipelineDescriptionError.elementMissing(name: "nothere")) { try pipeline.element(named: "nothere") }
        try pipeline.element(named: "out").release()
    }

    @Test func busErrorsAreReadTyped() throws {
        let pipeline = try Pipeline(launching: "filesrc name=reader location=/nonexistent/vigil-test ! fakesink")
        defer { pipeline.stopNow() }
        _ = pipeline.pause()
        let error = try #require(pipeline.popError(waitNanoseconds: 5_000_000_000))
        #expect(error.domain == .resource)
        #expect(error.source == "reader")
        #expect(error.description.hasPrefix("reader: "))
    }

    @Test func busErrorsReachTheHandlerAndNothingQueues() async throws {
        let pipeline = try Pipeline(launching: "filesrc name=reader location=/nonexistent/vigil-test ! fakesink")
        let (errors, continuation) = AsyncStream.makeStream(of: PipelineError.self)
        pipeline.reportErrors { continuation.yield($0) }
        _ = pipeline.play()
        var iterator = errors.makeAsyncIterator()
        let first = await iterator.next()
        #expect(first?.source == "reader")
        #expect(pipeline.popError(waitNanoseconds: 0) == nil, "the sync handler drops every message")
        await PipelineTeardown(pipeline: pipeline, owned: []).run()
    }

    @Test func appSinkSamplesAndProbesReachSwiftClosures() async throws {
        let pipeline = try Pipeline(launching: "videotestsrc num-buffers=5 ! video/x-raw,format=BGR,width=64,height=48 ! identity name=tap ! appsink name=out sync=false")
        let sink = AppSink(try pipeline.element(named: "out"))
        let tap = try pipeline.element(named: "tap")
        let images = Mutex<[PackedImage]>([])
        let stamped = Atomic<Int>(0)
        sink.onNewSample { sample in
            if let image = sample.packedImage(bytesPerPixel: 3) { images.withLock { $0.append(image) } }
        }
        let pad = try #require(tap.staticPad(named: "src"))
        pad.addProbe(.buffers) { info in
            if info.presentationTime != nil { stamped.add(1, ordering: .relaxed) }
        }
        pad.release()
        _ = pipeline.play()
        let deadline = ContinuousClock.now + .seconds(10)
        while images.withLock({ $0.count }) < 5, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        await PipelineTeardown(pipeline: pipeline, owned: [sink.element, tap]).run()
        let got = images.withLock { $0 }
        #expect(got.count == 5)
        #expect(got.first.map { ($0.width, $0.height, $0.pixels.count >= $0.bytesPerRow * 48) } ?? (0, 0, false) == (64, 48, true))
        #expect(stamped.load(ordering: .relaxed) == 5)
    }

    @Test func webrtcbinsPromisesAnswerAsyncCalls() async throws {
        // Two chains, so that gst_parse_launch makes a pipeline rather than return the lone element.
        let pipeline = try Pipeline(launching: "webrtcbin name=webrtc fakesrc num-buffers=0 ! fakesink")
        let webrtc = WebRTCBin(try pipeline.element(named: "webrtc"))
        let states = Mutex<[PeerConnectionState]>([])
        webrtc.onConnectionStateChange { state in states.withLock { $0.append(state) } }
        #expect(pipeline.play() != .failure)
        let offer = try await webrtc.offer()
        #expect(offer.hasPrefix("v=0"))
        let parsed = try SessionDescription(parsing: offer, kind: .offer)
        #expect(parsed.text?.hasPrefix("v=0") == true)
        await PipelineTeardown(pipeline: pipeline, owned: [webrtc.element]).run()
        #expect(!states.withLock { $0 }.contains(.failed))
    }
}
