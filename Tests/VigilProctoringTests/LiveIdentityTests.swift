import Foundation
import Logging
import Testing
import VigilCore
import VigilProctoring
import VigilStore
import VigilVision

/// Issue 13 item 4 on the live path, on real frames (the shared photos at 640x480, 2 frames a
/// second of stream time, the identity check on one a second as the pool schedules it): the
/// candidate's face is enrolled and stored with the session; after a rejoin on a restarted
/// server (a new proctor that reads the enrolment from SQLite) the same face raises nothing and
/// another person raises `identity_mismatch` within 5 s.
@Suite("Live identity check")
struct LiveIdentityTests {
    @Test("enrolled live and stored; after a rejoin the same face raises nothing, another person identity_mismatch within 5 s with a snapshot")
    func rejoinChecksAgainstTheStoredEnrolment() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-identity-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store(path: folder.appendingPathComponent("live.sqlite").path)
        let start = Date()
        let session = try await store.createSession(title: "identity", candidateName: "C", interviewerName: "I", at: start).info
        let analyzer = try FrameAnalyzer(configuration: AnalyzerConfiguration(modelsDirectory: LiveProctorTests.models))
        let candidate = try LiveProctorTests.frame("faces/frontal/grace_hopper_frontal.jpg")
        let standIn = try LiveProctorTests.frame("faces/frontal/astronaut_eileen_collins_frontal.png")

        func feed(_ proctor: LiveProctor, _ image: Image, from: Double, to: Double, anchor: Date) async {
            for step in 0..<Int((to - from) * 2) {
                let t = from + Double(step) * 0.5
                let frame = image.frame(time: t)
                let observation: Result<Observation, VisionError>
                do {
                    observation = .success(try analyzer.analyze(frame, objects: false, identity: t.rounded() == t))
                } catch { observation = .failure(error) }
                await proctor.judge(AnalysedFrame(frame: frame, arrival: anchor, observation: observation))
            }
        }

        let first = LiveProctor(session: session, store: store, clock: StreamClock(maximumDrift: .infinity),
                                logger: Logger(label: "test"), publish: { _ in })
        await feed(first, candidate, from: 0, to: 8, anchor: start)
        let enrolment = try #require(try await store.identityEnrolment(session: session.id), "enrolled within 8 s and stored")
        await first.stop()

        // The rejoin: the stream restarts at 0 on a new proctor, 10 s into the session.
        let rejoinedAt = start.addingTimeInterval(10)
        let second = LiveProctor(session: session, store: store, clock: StreamClock(maximumDrift: .infinity),
                                 logger: Logger(label: "test"), identityEnrolment: enrolment, publish: { _ in })
        await feed(second, candidate, from: 0, to: 6, anchor: rejoinedAt)
        #expect(try await store.events(session: session.id).isEmpty, "the same face after the rejoin raises nothing")
        await feed(second, standIn, from: 6, to: 14, anchor: rejoinedAt)
        await second.finish(at: start.addingTimeInterval(24))

        let events = try await store.events(session: session.id)
        #expect(events.map(\.kind) == [.identityMismatch], "\(events.map { ($0.kind, $0.start.timeIntervalSince(start)) })")
        let mismatch = try #require(events.first)
        let began = mismatch.start.timeIntervalSince(start)
        let raised = mismatch.flaggedAt.timeIntervalSince(start)
        // The store keeps times to the millisecond, so 16 s can read back a hair under it.
        #expect(began >= 16 - 0.002 && began <= 17.5, "the event starts when the other person appears at 16 s: \(began) s")
        #expect(raised > 16 && raised <= 21, "the other person appears at 16 s of the session; raised at \(raised) s")
        #expect(try await store.snapshots(event: mismatch.id).first?.jpeg.starts(with: [0xFF, 0xD8]) == true)
    }
}
