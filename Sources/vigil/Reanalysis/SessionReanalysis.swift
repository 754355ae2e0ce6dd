import Foundation
import Logging
import VigilCore
import VigilLifecycle
import VigilMedia
import VigilProctoring
import VigilStore

/// `vigil analyze --session ID`: re-runs the detectors on a session's own recording (the file
/// the store's recording row names, in DATA_DIR/recordings) and lists where the offline events
/// differ from the live ones (`EventComparison`). The offline run goes into a scratch database
/// that is deleted afterwards, so the session's own events and report stay as they were.
struct SessionReanalysis {
    /// Why a session cannot be re-analysed, in words an operator can act on.
    enum Failure: Error, CustomStringConvertible {
        case unknownSession(String, database: String)
        case notRecorded(String, state: String, note: String?)
        case stillRecording(String)
        case recordingMissing(String, file: String)

        var description: String {
            switch self {
            case .unknownSession(let id, let database):
                "no session \(id) in \(database) (check --db / --data-dir, or the id with GET /api/sessions)"
            case .notRecorded(let id, let state, let note):
                "session \(id) has no recording to re-analyse (recording: \(state)\(note.map { "; \($0)" } ?? ""))"
            case .stillRecording(let id):
                "session \(id) is still being recorded; re-analyse it once the call has ended"
            case .recordingMissing(let id, let file):
                "session \(id)'s recording \(file) is missing (deleted or moved, or --data-dir names another folder)"
            }
        }
    }

    let sessionID: String
    let settings: AnalyzeSettings
    let dataDirectory: String
    let json: Bool

    func run() async throws {
        let store: Store
        do { store = try Store(path: settings.databasePath) } catch { throw Failure.unknownSession(sessionID, database: "\(settings.databasePath) (\(error.description))") }
        guard try await store.session(id: sessionID) != nil else { throw Failure.unknownSession(sessionID, database: settings.databasePath) }
        let record = try await store.recording(session: sessionID)
        guard let record, record.hasFile, let name = record.file, let startedAt = record.startedAt else {
            throw Failure.notRecorded(sessionID, state: record?.state.rawValue ?? "none", note: record?.note)
        }
        guard record.state != .recording else { throw Failure.stillRecording(sessionID) }
        // The server's RecordingFolder: DATA_DIR/recordings/NAME.
        let file = URL(fileURLWithPath: dataDirectory).appendingPathComponent("recordings").appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: file.path) else { throw Failure.recordingMissing(sessionID, file: file.path) }
        let live = try await store.events(session: sessionID).map { event in
            EventComparison.Span(kind: event.kind.rawValue, id: event.id, start: event.start.timeIntervalSince(startedAt),
                                 end: (event.end ?? event.start).timeIntervalSince(startedAt))
        }

        let analyzers = try await AnalyzerLoading.load(settings.analyzerConfiguration, count: settings.budget.workers)
        let reader = try VideoFileReader(path: file.path)
        let scratchFolder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-reanalysis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratchFolder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratchFolder) }
        let scratch = try Store(path: scratchFolder.appendingPathComponent("offline.sqlite").path)
        let lifecycle = SessionLifecycle(store: scratch, logger: Logger(label: "vigil.analyze"))
        let offlineSession = try await lifecycle.open(title: "\(sessionID) offline", candidateName: "offline", interviewerName: "offline").info
        var analysis = RecordedFileAnalysis(
            reader: reader, analyzers: analyzers, budget: settings.budget, rules: RuleEngine(thresholds: settings.thresholds),
            session: offlineSession, fileName: name, lifecycle: lifecycle, store: scratch,
            progress: settings.showProgress ? ProgressReporter(label: name, total: reader.duration) : nil)
        let summary = try await analysis.run()
        let offline = try await scratch.events(session: offlineSession.id).map { event in
            EventComparison.Span(kind: event.kind.rawValue, id: nil, start: event.start.timeIntervalSince(offlineSession.createdAt),
                                 end: (event.end ?? event.start).timeIntervalSince(offlineSession.createdAt))
        }

        let listing = Listing(session: sessionID, recording: .init(file: file.path, state: record.state.rawValue, durationSeconds: record.durationSeconds),
                              offlineSeconds: summary.wallSeconds, liveEvents: live.count, offlineEvents: offline.count,
                              comparison: EventComparison(live: live, offline: offline))
        let output = json ? try listing.json() : listing.text()
        if let out = settings.outputPath {
            try output.write(to: URL(fileURLWithPath: out))
        } else {
            FileHandle.standardOutput.write(output)
        }
    }

    /// What `--session` prints: the comparison, with what was compared.
    struct Listing: Encodable {
        struct Recording: Encodable {
            var file: String
            var state: String
            var durationSeconds: Double?
            enum CodingKeys: String, CodingKey { case file, state, durationSeconds = "duration_seconds" }
        }

        var session: String
        var recording: Recording
        var offlineSeconds: Double
        var liveEvents: Int
        var offlineEvents: Int
        var comparison: EventComparison

        enum CodingKeys: String, CodingKey {
            case session, recording, offlineSeconds = "offline_seconds", liveEvents = "live_events", offlineEvents = "offline_events", comparison
        }

        func json() throws -> Data {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            return try encoder.encode(self) + Data("\n".utf8)
        }

        func text() -> Data {
            func seconds(_ value: Double) -> String { String(format: "%.1f", value) }
            func span(_ span: EventComparison.Span) -> String { "\(seconds(span.start))–\(seconds(span.end)) s" }
            func signed(_ value: Double) -> String { String(format: "%+.1f s", value) }
            func row(_ label: String, _ kind: String, _ rest: String) -> String {
                label.padding(toLength: 14, withPad: " ", startingAt: 0) + kind.padding(toLength: 18, withPad: " ", startingAt: 0) + rest
            }
            var lines = ["session \(session): recording \(recording.durationSeconds.map(seconds) ?? "?") s (\(recording.state)), re-analysed in \(seconds(offlineSeconds)) s",
                         "live \(liveEvents) events, offline \(offlineEvents); times from the recording's 0:00"]
            for pair in comparison.both {
                lines.append(row("both", pair.kind, "live \(span(pair.live)), offline \(span(pair.offline)): start \(signed(pair.startDelta)), end \(signed(pair.endDelta))"))
            }
            for event in comparison.onlyLive { lines.append(row("only live", event.kind, span(event))) }
            for event in comparison.onlyOffline { lines.append(row("only offline", event.kind, span(event))) }
            for event in comparison.notCompared { lines.append(row("not compared", event.kind, "\(span(event)) (no detector raises it)")) }
            if comparison.both.isEmpty && comparison.onlyLive.isEmpty && comparison.onlyOffline.isEmpty {
                lines.append("no detector events live or offline")
            }
            return Data((lines.joined(separator: "\n") + "\n").utf8)
        }
    }
}
