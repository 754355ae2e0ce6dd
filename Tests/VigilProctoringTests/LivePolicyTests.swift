import Foundation
import Logging
import Testing
import VigilCore
import VigilProctoring
import VigilStore
import VigilVision

/// The session's policy on real frames (the shared photos, 2 frames a second, every one analysed
/// with objects), as `LiveProctorTests.scenario` but judged by a policy of the session's own.
@Suite("Live proctoring by the session's policy")
struct LivePolicyTests {
    @Test("no_face_seconds 4 flags no face 4 s after the face left, not 10; the disabled device check raises nothing; the running score uses the session's price")
    func policyOnRealFrames() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-live-policy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store(path: folder.appendingPathComponent("live.sqlite").path)
        let start = Date()
        let session = try await store.createSession(title: "live", candidateName: "C", interviewerName: "I", at: start).info
        let policy = try SessionPolicy.validated(.object([
            "checks": .object(["device": .bool(false)]),
            "thresholds": .object(["no_face_seconds": .number(4)]),
            "prices": .object(["no_face": .object(["per_event": .number(50), "per_minute": .number(0), "cap": .number(50)])]),
        ]))
        try await store.savePolicy(policy, session: session.id)
        let stored = try await store.policy(session: session.id)
        #expect(stored == policy)

        let updates = LiveProctorTests.Updates()
        let analyzer = try FrameAnalyzer(configuration: AnalyzerConfiguration(modelsDirectory: LiveProctorTests.models))
        let proctor = LiveProctor(session: session, store: store, policy: stored,
                                  clock: StreamClock(maximumDrift: .infinity), logger: Logger(label: "test"), publish: updates.add)
        let face = try LiveProctorTests.frame("faces/frontal/grace_hopper_frontal.jpg")
        let empty = try LiveProctorTests.frame("empty/coffee_cup_no_person.png")
        let laptop = try LiveProctorTests.frame("objects/laptop-monitor/woman_holding_small_laptop_tv_in_background.jpg")
        let couple = try LiveProctorTests.frame("faces/several/couple_two_faces.jpg")
        var statusesWhileAway: [String] = []
        var banners: [String] = []
        for step in 0..<60 {
            let t = Double(step) * 0.5
            let image = t < 6 ? face : t < 20 ? empty : t < 26 ? laptop : couple
            await proctor.judge(LiveProctorTests.analysed(image.frame(time: t), by: analyzer, arrival: start))
            if t >= 12 && t < 20, let status = updates.overlays.last?.status { statusesWhileAway.append(status) }
            banners += updates.overlays.last?.banners ?? []
        }
        await proctor.finish(at: start.addingTimeInterval(30))

        let events = try await store.events(session: session.id)
        #expect(events.map(\.kind) == [.noFace, .multipleFaces], "the laptop at 20 s raises no device event: \(events.map(\.kind))")
        let noFace = try #require(events.first { $0.kind == .noFace })
        #expect(abs(noFace.start.timeIntervalSince(start) - 6) <= 0.6, "the face left at 6 s")
        #expect(abs(noFace.flaggedAt.timeIntervalSince(start) - 10.5) <= 0.6, "flagged 4 s later (the standard 10 s would flag at 16.5)")
        #expect(!statusesWhileAway.isEmpty && statusesWhileAway.allSatisfy { $0.contains("score 50") }, "one no-face event costs the session's 50: \(statusesWhileAway)")
        #expect(!banners.contains { $0.lowercased().contains("laptop") }, "\(Set(banners))")
    }

    @Test("a session stored without a policy (created before policies existed) reads as the standard policy")
    func oldSessionReadsStandard() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-policy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store(path: folder.appendingPathComponent("old.sqlite").path)
        let session = try await store.createSession(title: nil, candidateName: "C", interviewerName: "I", at: Date()).info
        #expect(try await store.policy(session: session.id) == .standard)
        #expect(try await store.policies(sessions: [session.id]) == [session.id: .standard])
    }
}
