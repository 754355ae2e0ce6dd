import Foundation
import Logging
import Synchronization
import Testing
import VigilCore
import VigilProctoring
import VigilStore
import VigilVision

/// The live rules on real frames (the shared photos, at 640x480, 2 frames a second of stream
/// time, every one analysed with objects): detectors → rules → SQLite with snapshots → published
/// updates and overlay. The pool and the relay are not involved (`AnalysisBudgetTests` and the
/// browser end-to-end test cover them).
@Suite("Live proctoring of relayed frames")
struct LiveProctorTests {
    static var media: URL {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) { folder = folder.deletingLastPathComponent() }
        return folder.deletingLastPathComponent().appendingPathComponent("shared/media")
    }

    static var models: String {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) { folder = folder.deletingLastPathComponent() }
        return ProcessInfo.processInfo.environment["VIGIL_MODELS"] ?? folder.appendingPathComponent("models").path
    }

    /// A photo fitted into a 640x480 frame, as a webcam would deliver it.
    static func frame(_ photo: String) throws -> Image {
        try Image(contentsOf: media.appendingPathComponent(photo).path).fitted(width: 640, height: 480)
    }

    /// What the pool's worker would hand the proctor for `frame`.
    static func analysed(_ frame: VideoFrame, by analyzer: FrameAnalyzer, arrival: Date) -> AnalysedFrame {
        let observation: Result<Observation, VisionError>
        do { observation = .success(try analyzer.analyze(frame, objects: true)) } catch { observation = .failure(error) }
        return AnalysedFrame(frame: frame, arrival: arrival, observation: observation)
    }

    final class Updates: Sendable {
        let all = Mutex<[ProctoringUpdate]>([])
        func add(_ update: ProctoringUpdate) { all.withLock { $0.append(update) } }
        var started: [ProctoringEvent] { all.withLock { $0.compactMap { if case .eventStarted(let e, _) = $0 { e } else { nil } } } }
        var overlays: [OverlayState] { all.withLock { $0.compactMap { if case .overlay(let o) = $0 { o } else { nil } } } }
    }

    @Test("face, then nobody, then someone with a laptop, then two faces: no_face, device and multiple_faces are stored with snapshots and published")
    func scenario() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-live-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store(path: folder.appendingPathComponent("live.sqlite").path)
        let start = Date()
        let session = try await store.createSession(title: "live", candidateName: "C", interviewerName: "I", at: start).info
        let updates = Updates()
        let analyzer = try FrameAnalyzer(configuration: AnalyzerConfiguration(modelsDirectory: Self.models))
        let proctor = LiveProctor(
            session: session, store: store,
            clock: StreamClock(maximumDrift: .infinity), logger: Logger(label: "test"), publish: updates.add)

        let face = try Self.frame("faces/frontal/grace_hopper_frontal.jpg")
        let empty = try Self.frame("empty/coffee_cup_no_person.png")
        let laptop = try Self.frame("objects/laptop-monitor/woman_holding_small_laptop_tv_in_background.jpg")
        let couple = try Self.frame("faces/several/couple_two_faces.jpg")
        var bannersBefore: [String] = [], bannersDuring: [String] = []
        var storedWhenFlagged: [ProctoringEvent] = []
        for step in 0..<60 {
            let t = Double(step) * 0.5
            let image = t < 6 ? face : t < 20 ? empty : t < 26 ? laptop : couple
            // The first frame anchors stream time to the session start.
            await proctor.judge(Self.analysed(image.frame(time: t), by: analyzer, arrival: start))
            let banners = updates.overlays.last?.banners ?? []
            if t < 16 { bannersBefore += banners } else if t >= 17 && t < 20 { bannersDuring += banners }
            // Right after the no-face rule fired, the event is already in SQLite, open, with its onset.
            if t == 17 { storedWhenFlagged = try await store.events(session: session.id) }
        }
        await proctor.finish(at: start.addingTimeInterval(30))

        let events = try await store.events(session: session.id)
        #expect(events.map(\.kind) == [.noFace, .device, .multipleFaces], "\(events.map { ($0.kind, $0.start.timeIntervalSince(start)) })")
        func seconds(_ date: Date?) -> Double { date.map { $0.timeIntervalSince(start) } ?? -1 }
        let noFace = try #require(events.first { $0.kind == .noFace })
        #expect(abs(seconds(noFace.start) - 6) <= 0.6, "no face starts when the face left at 6 s")
        #expect(abs(seconds(noFace.flaggedAt) - 16.5) <= 0.6, "and is flagged 10 s later")
        #expect(abs(seconds(noFace.end) - 20) <= 0.6, "and ends when a face comes back")
        #expect(storedWhenFlagged.map(\.kind) == [.noFace])
        #expect(storedWhenFlagged.first.map { abs(seconds($0.start) - 6) <= 0.6 && $0.end == nil } == true,
                "stored open at the flag with its true start: \(storedWhenFlagged)")
        let device = try #require(events.first { $0.kind == .device })
        #expect(abs(seconds(device.start) - 20) <= 1.0, "the laptop shows from 20 s")
        #expect(abs(seconds(device.flaggedAt) - 21) <= 1.0)
        let several = try #require(events.first { $0.kind == .multipleFaces })
        // The laptop photo shows a second person from behind (red hoodie, left edge): the object
        // detector's person count (issue 11) sees several people from 20 s, 6 s before the couple would.
        #expect(abs(seconds(several.start) - 20) <= 1.0, "several people from 20 s")
        #expect(abs(seconds(several.flaggedAt) - 22) <= 1.0, "flagged once they lasted 2 s")
        #expect(abs(seconds(several.end) - 30) <= 0.01, "open at the end, closed at the end")
        for event in events {
            let reference = try #require(event.snapshot, "\(event.kind) has a snapshot")
            let stored = try await store.snapshots(event: event.id)
            #expect(stored.first?.jpeg.starts(with: [0xFF, 0xD8]) == true, "a JPEG")
            #expect(stored.first?.sha256 == reference.sha256)
        }
        #expect(updates.started.map(\.kind) == [.noFace, .device, .multipleFaces])
        #expect(bannersBefore.isEmpty, "\(bannersBefore)")
        #expect(bannersDuring.contains { $0.hasPrefix("No face for 1") }, "\(bannersDuring)")
        #expect(updates.overlays.last?.status.contains("score") == true)
        #expect(updates.overlays.last?.status.contains("fps") == false, "the analysis rate is not drawn into the interviewer's video")
    }

    @Test("a database that refuses the write: the event is not published, a storage warning is, and nothing half-written is stored")
    func refusedWrite() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-live-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("live.sqlite").path
        let store = try Store(path: path)
        let start = Date()
        let session = try await store.createSession(title: "live", candidateName: "C", interviewerName: "I", at: start).info
        // From now on SQLite itself refuses every new event, as a full disk would.
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [path, "CREATE TRIGGER refuse BEFORE INSERT ON event BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;"]
        try sqlite.run()
        sqlite.waitUntilExit()
        try #require(sqlite.terminationStatus == 0)

        let updates = Updates()
        let analyzer = try FrameAnalyzer(configuration: AnalyzerConfiguration(modelsDirectory: Self.models))
        let proctor = LiveProctor(
            session: session, store: store,
            clock: StreamClock(maximumDrift: .infinity), logger: Logger(label: "test"), publish: updates.add)
        let face = try Self.frame("faces/frontal/grace_hopper_frontal.jpg")
        let empty = try Self.frame("empty/coffee_cup_no_person.png")
        for step in 0..<30 {
            let t = Double(step) * 0.5
            await proctor.judge(Self.analysed((t < 2 ? face : empty).frame(time: t), by: analyzer, arrival: start))
        }
        await proctor.finish(at: start.addingTimeInterval(15))

        let warnings = updates.all.withLock { $0.compactMap { if case .storageFailed(let message) = $0 { message } else { nil } } }
        #expect(warnings.first?.contains("no face") == true && warnings.first?.contains("disk is full") == true, "\(warnings)")
        #expect(updates.started.isEmpty, "an event that was not stored is not published: \(updates.started)")
        #expect(try await store.events(session: session.id).isEmpty)
    }
}
