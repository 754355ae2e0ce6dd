import Foundation
import Logging
import Synchronization
import Testing
import VigilCore
@testable import VigilProctoring
import VigilStore
import VigilVision

/// Live analysis within a budget (issue 16, item 2): the server-wide pool analyses each session
/// at its configured rate and shares the workers fairly, on real frames. Behaviour, not speed:
/// the bounds hold on a loaded two-core debug build.
@Suite("Analysis within a budget")
struct AnalysisBudgetTests {
    /// Counts the overlays published per session: one per analysed frame.
    final class Overlays: ProctoringOutput {
        private let counts = Mutex<[String: Int]>([:])

        func publish(_ update: ProctoringUpdate, session: String) async {
            guard case .overlay = update else { return }
            counts.withLock { $0[session, default: 0] += 1 }
        }

        func count(_ session: String) -> Int { counts.withLock { $0[session] ?? 0 } }
    }

    /// Feeds each session a 30 fps stream of `image` for `seconds` of wall clock, as the relay does.
    static func feed(_ proctoring: LiveProctoring, sessions: [String], image: Image, seconds: Double) async {
        let frames = Int(seconds * 30)
        let still = image.frame(time: 0)
        await withTaskGroup(of: Void.self) { group in
            for id in sessions {
                group.addTask {
                    let start = ContinuousClock.now
                    for index in 0..<frames {
                        let frame = VideoFrame(width: still.width, height: still.height, bytesPerRow: still.bytesPerRow,
                                               pixels: still.pixels, time: Double(index) / 30)
                        await proctoring.deliver(frame, session: id)
                        try? await Task.sleep(until: start + .milliseconds(index * 1000 / 30 + 33))
                    }
                }
            }
        }
    }

    static func store() throws -> (Store, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-budget-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (try Store(path: folder.appendingPathComponent("live.sqlite").path), folder)
    }

    @Test("two sessions fed at once through one saturated worker are both analysed, neither at under half the other's rate")
    func fairAcrossSessions() async throws {
        let (store, folder) = try Self.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = Overlays()
        // No rate limit and a single worker: the machine is "full", so the sessions compete.
        let proctoring = LiveProctoring(
            store: store, analyzer: AnalyzerConfiguration(modelsDirectory: LiveProctorTests.models, tiledFaceSearch: false),
            budget: AnalysisBudget(framesPerSecond: 0, objectFramesPerSecond: 3, workers: 1), output: output, logger: Logger(label: "test"))
        var sessions: [String] = []
        for name in ["A", "B"] {
            sessions.append(try await store.createSession(title: name, candidateName: name, interviewerName: "I", at: Date()).info.id)
        }
        let face = try LiveProctorTests.frame("faces/frontal/grace_hopper_frontal.jpg")
        await Self.feed(proctoring, sessions: sessions, image: face, seconds: 6)
        try await Task.sleep(for: .milliseconds(300))

        let counts = sessions.map(output.count)
        print("BUDGET two sessions through one saturated worker for 6 s: \(counts) frames analysed")
        #expect(counts.allSatisfy { $0 >= 5 }, "both sessions analysed: \(counts)")
        #expect(Double(counts.min() ?? 0) >= Double(counts.max() ?? 0) / 2, "neither under half the other's: \(counts)")
        for id in sessions { await proctoring.sessionDeleted(id) }
    }

    @Test("at 10 fps requested and 30 fps fed, about 10 frames a second are analysed, shown as the session's rate")
    func configuredRateHonoured() async throws {
        let (store, folder) = try Self.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = Overlays()
        let proctoring = LiveProctoring(
            store: store, analyzer: AnalyzerConfiguration(modelsDirectory: LiveProctorTests.models, tiledFaceSearch: false),
            budget: AnalysisBudget(framesPerSecond: 10, objectFramesPerSecond: 3, workers: 2), output: output, logger: Logger(label: "test"))
        let id = try await store.createSession(title: "rated", candidateName: "C", interviewerName: "I", at: Date()).info.id
        let face = try LiveProctorTests.frame("faces/frontal/grace_hopper_frontal.jpg")
        // A second first, so the workers' models are loaded; then 4 s counted.
        await Self.feed(proctoring, sessions: [id], image: face, seconds: 1)
        let before = output.count(id)
        await Self.feed(proctoring, sessions: [id], image: face, seconds: 4)
        let rate = await proctoring.analysisRate(session: id) ?? 0
        let analysed = output.count(id) - before
        print("BUDGET 10 fps requested, 30 fps fed for 4 s: \(analysed) analysed, rate reads \(String(format: "%.1f", rate)) fps")

        // 4 s at 10 fps is 40 of the 120 frames fed. The cap is what is asserted tightly; below
        // it, the workers run at nice 10 and yield to whatever else keeps this machine busy.
        #expect(analysed <= 48, "\(analysed) frames analysed of 120 fed in 4 s: the 10 fps cap must hold")
        #expect(analysed >= 8, "\(analysed) frames analysed of 120 fed in 4 s")
        #expect(rate > 0 && rate <= 12.5, "the session's analysis rate reads \(rate) fps")
        await proctoring.sessionDeleted(id)
    }

    @Test("the schedule takes 10 frames a second of a 30 or 15 fps stream, objects on 3 of them")
    func scheduleOnMediaTime() {
        for fps in [30.0, 15.0, 25.0] {
            var schedule = AnalysisSchedule(AnalysisBudget(framesPerSecond: 10, objectFramesPerSecond: 3))
            var taken = 0, objects = 0
            for index in 0..<Int(fps * 10) {
                let time = Double(index) / fps
                guard schedule.isDue(time) else { continue }
                taken += 1
                if schedule.take(at: time) { objects += 1 }
            }
            #expect(abs(taken - 100) <= 2, "\(taken) of \(Int(fps * 10)) frames at \(fps) fps")
            #expect(abs(objects - 30) <= 2, "objects on \(objects) at \(fps) fps")
        }
        var everyFrame = AnalysisSchedule(AnalysisBudget(framesPerSecond: 0, objectFramesPerSecond: 0))
        let all = (0..<30).filter { index in
            guard everyFrame.isDue(Double(index) / 30) else { return false }
            return everyFrame.take(at: Double(index) / 30)
        }
        #expect(all.count == 30, "rate 0 takes every frame, objects on each")
    }
}
