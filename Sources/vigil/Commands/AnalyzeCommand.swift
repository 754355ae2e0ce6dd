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
            in the report count from the session's start, which stands for the start of the file. \
            An event spans its condition: `start` is where it began in the file (before the \
            threshold), `end` where it stopped, `flagged_at` where the rule fired (and the \
            snapshot was taken).

            `vigil analyze --session ID` instead re-runs the detectors on that session's own \
            recording (DATA_DIR/recordings) and lists where the offline events differ from the \
            live ones: only live, only offline, or both with the start and end deltas (times \
            from the recording's 0:00); --json for a JSON object. Nothing is stored.
            """)

    @Argument(help: "The video file (not with --session).")
    var file: String?

    @Option(help: "Re-analyse this stored session's recording and compare with its live events, instead of a file.")
    var session: String?

    @Flag(help: "With --session: print the comparison as JSON.")
    var json = false

    @Option(help: "Database: an SQLite file or a postgres:// URL (env VIGIL_DB, default DATA_DIR/vigil.sqlite).")
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

    @Option(help: "The session's policy as a JSON file, the shape POST /api/sessions takes ({\"preset\": \"strict\", \"checks\": {\"eyes_closed\": false}, \"thresholds\": {…}, \"prices\": {…}}); the threshold options below override it.")
    var policy: String?

    @Option(name: .customLong("looking-away-seconds"), help: "Looking away raises an event when it lasts longer than this (default 5).")
    var lookingAwaySeconds: Double?

    @Option(name: .customLong("no-face-seconds"), help: "No face raises an event when it lasts longer than this (default 10).")
    var noFaceSeconds: Double?

    @Option(name: .customLong("multiple-faces-seconds"), help: "Several faces raise an event once they last this long (default 2).")
    var multipleFacesSeconds: Double?

    @Option(name: .customLong("eyes-closed-seconds"), help: "Closed eyes raise an event when they stay closed longer than this (default 3).")
    var eyesClosedSeconds: Double?

    @Option(name: .customLong("identity-mismatch-seconds"), help: "A face other than the enrolled one raises identity_mismatch once seen for at least this long (default 3).")
    var identityMismatchSeconds: Double?

    @Option(name: .customLong("identity-max-distance"), help: "Face descriptors further apart than this are taken for different people (default 0.5).")
    var identityMaxDistance: Double?

    @Option(help: "Frames per second of media analysed (faces, mesh, pose, gaze), as in a live call; 0 analyses every decoded frame.")
    var rate = 10.0

    @Option(name: .customLong("object-rate"), help: "Frames per second of media the object detector runs on, at most --rate, as in a live call.")
    var objectRate = 3.0

    @Option(name: .customLong("object-every"), help: "Run the object detector on every Nth analysed frame instead (overrides --object-rate).")
    var objectEvery: Int?

    @Option(name: .customLong("identity-rate"), help: "Frames per second of media the identity check (face descriptor vs the face enrolled at the start) runs on; 0 turns it off.")
    var identityRate = 1.0

    @Option(help: "Analysis workers, each a thread with its own detectors (default: one per core).")
    var workers: Int?

    @Option(help: "OpenVINO inference threads of each worker's analyzer (0 = all cores for each).")
    var threads = 1

    @Flag(help: "No progress or summary on standard error.")
    var quiet = false

    func validate() throws {
        switch (file, session) {
        case (nil, nil): throw ValidationError("name a video file, or a stored session with --session ID")
        case (.some, .some): throw ValidationError("give either a video file or --session ID, not both")
        default: if json && session == nil { throw ValidationError("--json goes with --session (for a file, use --format json)") }
        }
    }

    func run() async throws {
        let settings = try AnalyzeSettings(flags: self, environment: ProcessInfo.processInfo.environment)
        if let session {
            let dataDirectory = OptionSource(environment: ProcessInfo.processInfo.environment).dataDirectory(dataDir)
            try await SessionReanalysis(sessionID: session, settings: settings, dataDirectory: dataDirectory, json: json).run()
            return
        }
        // Everything that can refuse the job does so before a session is created.
        let analyzers = try await AnalyzerLoading.load(settings.analyzerConfiguration, count: settings.budget.workers)
        let file = try await RecordedFileSession.open(path: settings.file)
        let reader = file.reader, audio = file.audio
        let store: Store
        do { store = try await Store.open(settings.databasePath) } catch { throw ValidationError(error.description) }
        let (session, summary) = try await file.analyse(
            analyzers: analyzers, budget: settings.budget, policy: settings.policy, candidateName: settings.candidateName,
            interviewerName: settings.interviewerName, store: store, lifecycle: SessionLifecycle(store: store, logger: Logger(label: "vigil.analyze")),
            progress: settings.showProgress ? ProgressReporter(label: file.fileName, total: reader.duration) : nil)

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
                summary.framesPerSecond, summary.analysedFramesPerSecond, summary.speedTimesRealTime, session.id, store.path,
                summary.skippedFrames > 0 ? "; \(summary.skippedFrames) frames skipped (\(summary.firstSkipReason.map(String.init(describing:)) ?? "OpenCV failed on them"))" : "")
            // The audio line first: the summary stays the last line, as scripts read it.
            FileHandle.standardError.write(Data("vigil analyze: \(audio.description)\n".utf8))
            FileHandle.standardError.write(Data(line.utf8))
        }
    }
}
