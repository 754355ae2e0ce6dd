import Foundation
import Synchronization
import Testing
import VigilGStreamer

/// Issue 10, item 3: a receiver's PLI arrives in its own pipeline as an upstream force-key-unit
/// event travelling from webrtcbin through the payloader to the `send_video` appsrc, where the
/// relay's probe must see it (and hand it to the router, which asks the sender's encoder).
/// Here the event starts at a fakesink in webrtcbin's place and must reach the appsrc's pad
/// through the same rtpvp8pay and queue as `participant.pipeline`.
@Suite struct KeyFrameRequestProbeTests {
    @Test func aKeyFrameRequestFromDownstreamReachesTheAppsrcsProbe() async throws {
        let pipeline = try Pipeline(launching: """
            appsrc name=send_video is-live=true do-timestamp=true format=time caps=video/x-vp8
              ! rtpvp8pay pt=96 ! queue ! fakesink name=webrtc_side sync=false async=false
            """)
        let appsrc = try pipeline.element(named: "send_video"), sink = try pipeline.element(named: "webrtc_side")
        let requests = Atomic<Int>(0)
        let source = try #require(appsrc.staticPad(named: "src"))
        source.onKeyFrameRequest { requests.add(1, ordering: .relaxed) }
        source.release()
        #expect(pipeline.play() != .failure)
        let sinkPad = try #require(sink.staticPad(named: "sink"))
        for _ in 0..<3 { sinkPad.requestKeyFrameUpstream() }
        sinkPad.release()
        let deadline = ContinuousClock.now + .seconds(2)
        while requests.load(ordering: .relaxed) < 3, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        await PipelineTeardown(pipeline: pipeline, owned: [appsrc, sink]).run()
        #expect(requests.load(ordering: .relaxed) == 3)
    }
}
