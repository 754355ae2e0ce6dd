import ArgumentParser
import VigilCore
import VigilVision

/// `vigil analyze`'s options after merging flags, environment and defaults, validated, so that a
/// mistyped option fails before any decoding or model loading starts.
struct AnalyzeSettings {
    var file: String
    var databasePath: String
    var modelsDirectory: String
    var format: ReportFormat
    var outputPath: String?
    var candidateName: String
    var interviewerName: String
    var thresholds: RuleThresholds
    var objectDetectionInterval: Int
    var threads: Int
    var showProgress: Bool

    init(flags: AnalyzeCommand, environment: [String: String]) throws {
        let options = OptionSource(environment: environment)
        file = flags.file
        databasePath = options.databasePath(flags.db, dataDirectory: options.dataDirectory(flags.dataDir))
        modelsDirectory = options.modelsDirectory(flags.models)
        format = flags.format
        outputPath = flags.out
        if format == .pdf && outputPath == nil { throw ValidationError("a PDF report needs --out FILE") }
        candidateName = flags.candidate
        interviewerName = flags.interviewer

        var thresholds = RuleThresholds.standard
        func seconds(_ value: Double?, _ option: String) throws -> Double? {
            guard let value else { return nil }
            guard value.isFinite, value >= 0 else {
                throw ValidationError("--\(option) must be a number of seconds ≥ 0, not \(value)")
            }
            return value
        }
        thresholds.lookingAwaySeconds = try seconds(flags.lookingAwaySeconds, "looking-away-seconds") ?? thresholds.lookingAwaySeconds
        thresholds.noFaceSeconds = try seconds(flags.noFaceSeconds, "no-face-seconds") ?? thresholds.noFaceSeconds
        thresholds.multipleFacesSeconds = try seconds(flags.multipleFacesSeconds, "multiple-faces-seconds") ?? thresholds.multipleFacesSeconds
        thresholds.eyesClosedSeconds = try seconds(flags.eyesClosedSeconds, "eyes-closed-seconds") ?? thresholds.eyesClosedSeconds
        self.thresholds = thresholds

        guard flags.objectEvery >= 1 else {
            throw ValidationError("--object-every must be 1 (every frame) or more, not \(flags.objectEvery)")
        }
        objectDetectionInterval = flags.objectEvery
        guard flags.threads >= 0 else { throw ValidationError("--threads must be 0 (OpenCV's default) or more") }
        threads = flags.threads
        showProgress = !flags.quiet
    }

    var analyzerConfiguration: AnalyzerConfiguration {
        AnalyzerConfiguration(modelsDirectory: modelsDirectory, objectDetectionInterval: objectDetectionInterval,
                              threads: threads, thresholds: thresholds)
    }
}
