import ArgumentParser
import Foundation
import Logging
import VigilCore
import VigilLifecycle
import VigilMedia
import VigilProctoring
import VigilStore
import VigilVision

/// `vigil analyze FILE`: proctors a recorded interview. Decodes the file, runs the detectors at
/// the budgeted rate on every core (one analyzer per worker) and the rules on the frames' own
/// timestamps, stores the session in the database like a live one
/// (so `vigil report` and the server show it), and prints its report.
struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyse a recorded video file; store it as a session and print its report.",
        discussion: """
            Reads anything GStreamer decodes (mp4/H.264, webm/VP8-VP9, mkv, mov, y4m), turned \
            upright by the file's rotation metadata and scaled to fit 640x480 (480x640 upright). \
            Frames are analysed at --rate (10 a second by default, objects \
            at --object-rate, 3), like a live call, by one worker per core. Progress goes to standard error, the report to standard output or --out. Event times \
            in the report count from the session's start, which stands for the start of the file.
            """)

    @Argument(help: "The video file.")
    var file: String

    @Option(help: "SQLite database file (env VIGIL_DB, default DATA_DIR/vigil.sqlite).")
    var db: String?

    @Option(name: .customLong("data-dir"), help: "Data folder (env VIGIL_DATA_DIR, default data).")
    var dataDir: String?

    @Option(help: "Folder holding the detectors' model files (env VIGIL_MODELS, default models).")
    var models: String?

    @Option(help: "Report format: json, csv, html or pdf (pdf needs --out).")
    var format: ReportFormat = .json

    @Option(help: "Write the report to this file instead of standard output.")
    var out: String?

    @Option(help: "Candidate name stored with the session.")
    var candidate = "recorded file"

    @Option(help: "Interviewer name stored with the session.")
    var interviewer = "recorded file"

    @Option(name: .customLong("looking-away-seconds"), help: "Looking away raises an event when it lasts longer than this (default 5).")
    var lookingAwaySeconds: Double?

    @Option(name: .customLong("no-face-seconds"), help: "No face raises an event when it lasts longer than this (default 10).")
    var noFaceSeconds: Double?

    @Option(name: .customLong("multiple-faces-seconds"), help: "Several faces raise an event once they last this long (default 2).")
    var multipleFacesSeconds: Double?

    @Option(name: .customLong("eyes-closed-seconds"), help: "Closed eyes raise an event when they stay closed longer than this (default 3).")
    var eyesClosedSeconds: Double?

    @Option(help: "Frames per second of media analysed (faces, mesh, pose, gaze), as in a live call; 0 analyses every decoded frame.")
    var rate = 10.0

    @Option(name: .customLong("object-rate"), help: "Frames per second of media the object detector runs on, at most --rate, as in a live call.")
    var objectRate = 3.0

    @Option(name: .customLong("object-every"), help: "Run the object detector on every Nth analysed frame instead (overrides --object-rate).")
    var objectEvery: Int?

    @Option(help: "Analysis workers, each a thread with its own detectors (default: one per core).")
    var workers: Int?

    @Option(help: "OpenVINO inference threads of each worker's analyzer (0 = all cores for each).")
    var threads = 1

    @Flag(help: "No progress or summary on standard error.")
    var quiet = false

    func run() async throws {
        let settings = try AnalyzeSettings(flags: self, environment: ProcessInfo.processInfo.environment)
        // Everything that can refuse the job does so before a session is created.
        let analyzers = try await AnalyzerLoading.load(settings.analyzerConfiguration, count: settings.budget.workers)
        let reader = try VideoFileReader(path: settings.file)
        let store: Store
        do { store = try Store(path: settings.databasePath) } catch { throw ValidationError(error.description) }
        let fileName = URL(fileURLWithPath: settings.file).lastPathComponent
        // No service runs offline; the lifecycle is still the one way a session opens and ends.
        let lifecycle = SessionLifecycle(store: store, logger: Logger(label: "vigil.analyze"))
        let session = try await lifecycle.open(
            title: fileName, candidateName: settings.candidateName, interviewerName: settings.interviewerName).info

        var analysis = RecordedFileAnalysis(
            reader: reader, analyzers: analyzers, budget: settings.budget, rules: RuleEngine(thresholds: settings.thresholds), session: session,
            fileName: fileName, lifecycle: lifecycle, store: store,
            progress: settings.showProgress ? ProgressReporter(label: fileName, total: reader.duration) : nil)
        let summary = try await analysis.run()

        guard let ended = try await store.session(id: session.id) else { throw StoreError.sessionNotFound(session.id) }
        let report = try await ReportExport.render(settings.format, session: ended, store: store)
        if let out = settings.outputPath {
            try report.write(to: URL(fileURLWithPath: out))
        } else {
            FileHandle.standardOutput.write(report)
        }
        if settings.showProgress {
            let line = String(
                format: "vigil analyze: %d frames (%dx%d), %d analysed (%@) in %.1f s: %.1f frames/s, %.1f analysed/s, %.2fx real time; session %@ in %@%@\n",
                summary.frames, reader.width, reader.height, summary.analysedFrames, settings.rateDescription, summary.wallSeconds,
                summary.framesPerSecond, summary.analysedFramesPerSecond, summary.speedTimesRealTime, session.id, settings.databasePath,
                summary.skippedFrames > 0 ? "; \(summary.skippedFrames) frames skipped (\(summary.firstSkipReason.map(String.init(describing:)) ?? "OpenCV failed on them"))" : "")
            FileHandle.standardError.write(Data(line.utf8))
        }
    }
}
