import Foundation
import Testing

extension RelayBrowserTests {
    /// Issue 7, media input: a candidate whose camera switches resolution mid-call, to a smaller
    /// size and to an odd one, keeps being relayed and analysed at whatever it sends; the
    /// server neither stalls nor crashes.
    @Suite(.serialized) struct ResolutionChangeTests {
        @Test(.timeLimit(.minutes(2))) func theRelayFollowsResolutionChangesMidCall() async throws {
            try await withRelay { relay in
                let session = try await relay.server.createSession()
                guard let call = try await relay.startCall(session) else { return }
                let (candidate, interviewer) = call

                for (width, height) in [(320, 240), (333, 251), (640, 480)] {
                    let applied = try await candidate.evaluate("""
                        window.vigil._call.options.localStream().getVideoTracks()[0]
                          .applyConstraints({ width: { exact: \(width) }, height: { exact: \(height) }, frameRate: 30 })
                          .then(() => true, (error) => String(error))
                        """)
                    #expect(applied as? Bool == true, "\(width)x\(height): \(String(describing: applied))")
                    // The interviewer gets frames of the new size, at the frame rate sent.
                    let switched = try await relay.waitFor("the interviewer receives \(width)x\(height)", timeout: 15) {
                        let (sent, received) = (try await candidate.stats(), try await interviewer.stats())
                        return received.receivedWidth == sent.sentWidth && sent.sentWidth == Double(width)
                    }
                    let (sent, received) = (try await candidate.stats(), try await interviewer.stats())
                    #expect(switched, "asked for \(width)x\(height): candidate sends \(sent.sentWidth) wide, interviewer receives \(received.receivedWidth)x\(received.receivedHeight)")
                    let before = (decoded: received.framesDecoded, analysed: try await relay.server.analysisFrames(session: session.id))
                    try await Task.sleep(for: .seconds(3))
                    let decoded = try await interviewer.stats().framesDecoded - before.decoded
                    let analysed = try await relay.server.analysisFrames(session: session.id) - before.analysed
                    print("RESOLUTION \(width)x\(height): interviewer \(Int(received.receivedWidth))x\(Int(received.receivedHeight)), \(Int(decoded)) frames decoded and \(Int(analysed)) analysed in 3 s")
                    #expect(decoded >= 60, "\(width)x\(height): the interviewer kept decoding (\(decoded) frames in 3 s)")
                    #expect(analysed >= 60, "\(width)x\(height): the analysis kept receiving (\(analysed) frames in 3 s)")
                }
                #expect(try await relay.server.request("GET", "/healthz").status == 200)
            }
        }
    }
}
