import ArgumentParser
import Foundation
import VigilCore
import VigilReport
import VigilStore

struct ReportBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Time building and exporting the report of a session with many events.")

    @Option(help: "Events in the session.")
    var events = 10_000

    @Option(help: "Timed repetitions; the median is reported.")
    var repeats = 7

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store(path: folder.appendingPathComponent("bench.sqlite").path)
        let start = Date().addingTimeInterval(-7200)
        let session = try await store.createSession(title: "bench", candidateName: "Bench", interviewerName: "Bench", at: start)
        var generator = SystemRandomNumberGenerator()
        let kinds = EventKind.allCases
        let new = (0..<events).map { index in
            let at = start.addingTimeInterval(Double(index) * 0.7)
            return NewEvent(kind: kinds[index % kinds.count], source: .detector, start: at,
                            end: at.addingTimeInterval(Double.random(in: 0...5, using: &generator)),
                            confidence: Double.random(in: 0.5...1, using: &generator), details: "event \(index)")
        }
        _ = try await store.insertEvents(new, session: session.info.id)
        let ended = try await store.endSession(id: session.info.id, at: start.addingTimeInterval(7100))

        var load: [Double] = [], build: [Double] = [], json: [Double] = [], csv: [Double] = []
        for _ in 0..<repeats {
            let t0 = ContinuousClock.now
            let stored = try await store.events(session: ended.id)
            let t1 = ContinuousClock.now
            let report = Report(session: ended, events: stored, generatedAt: Date())
            let t2 = ContinuousClock.now
            _ = try ReportJSON.render(report)
            let t3 = ContinuousClock.now
            _ = ReportCSV.render(report)
            let t4 = ContinuousClock.now
            load.append(ms(t1 - t0)); build.append(ms(t2 - t1)); json.append(ms(t3 - t2)); csv.append(ms(t4 - t3))
        }
        let extra: [String: Any] = ["events": events, "repeats": repeats, "statistic": "median"]
        emit("report", "load_events_ms", median(load), "ms", extra)
        emit("report", "build_ms", median(build), "ms", extra)
        emit("report", "render_json_ms", median(json), "ms", extra)
        emit("report", "render_csv_ms", median(csv), "ms", extra)
        emit("report", "total_json_ms", median(zip(zip(load, build), json).map { $0.0 + $0.1 + $1 }), "ms", extra)
    }

}
