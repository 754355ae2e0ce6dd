import Foundation
import VigilCore
import VigilReport

/// One run of the real `vigil analyze` binary with its own SQLite file, so the tests exercise
/// exactly what an operator runs. Bounded in time: a run that hangs is killed and reported.
struct AnalyzeRun {
    var status: Int32
    /// True when the process ended by a signal (a crash or our kill), not by exiting.
    var crashedOrKilled: Bool
    var output: Data
    var errorOutput: String
    var databasePath: String

    /// The report on standard output, decoded.
    func report() throws -> Report {
        try ReportJSON.decoder().decode(Report.self, from: output)
    }

    /// The built `vigil` executable: $VIGIL_BIN, else next to the test bundle (as in
    /// VigilServerTests' ServerProcess).
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["VIGIL_BIN"] { return path }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("vigil").path), folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("vigil").path
    }

    /// Runs `vigil analyze FILE ARGUMENTS… --db (fresh file) --models (the repository's)`.
    static func analyze(_ file: String, _ arguments: [String] = [], databasePath: String? = nil,
                        timeoutSeconds: Double = 400) throws -> AnalyzeRun {
        let database = databasePath ?? TestMedia.folder.appendingPathComponent("analyze-\(UUID().uuidString).sqlite").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["analyze", file, "--db", database, "--models", TestMedia.models] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let errorText = ErrorCollector(errors.fileHandleForReading)
        let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeoutSeconds, execute: watchdog)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return AnalyzeRun(status: process.terminationStatus, crashedOrKilled: process.terminationReason == .uncaughtSignal,
                          output: data, errorOutput: errorText.text(), databasePath: database)
    }
}

extension Report {
    /// Events as (kind, start, end, flagged) in seconds from the start of the file: `start`…`end`
    /// the condition's span, `flagged` where the rule fired.
    var timeline: [(kind: EventKind, start: Double, end: Double?, flagged: Double)] {
        events.map { event in
            (event.kind, event.start.timeIntervalSince(session.createdAt), event.end?.timeIntervalSince(session.createdAt),
             event.flaggedAt.timeIntervalSince(session.createdAt))
        }
    }
}
