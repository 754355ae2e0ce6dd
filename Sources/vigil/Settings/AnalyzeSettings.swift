import ArgumentParser
import Foundation
import VigilCore
import VigilProctoring
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
    /// The session's policy: `--policy FILE` (or standard), with the threshold options above it.
    var policy: SessionPolicy
    var budget: AnalysisBudget
    var threads: Int
    var showProgress: Bool

    init(flags: AnalyzeCommand, environment: [String: String]) throws {
        let options = OptionSource(environment: environment)
        file = flags.file ?? ""
        databasePath = options.databasePath(flags.db, dataDirectory: options.dataDirectory(flags.dataDir))
        modelsDirectory = options.modelsDirectory(flags.models)
        format = flags.format
        outputPath = flags.out
        if format == .pdf && outputPath == nil { throw ValidationError("a PDF report needs --out FILE") }
        candidateName = flags.candidate
        interviewerName = flags.interviewer

        var policy = SessionPolicy.standard
        if let path = flags.policy {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("--policy: cannot read \(path)")
            }
            do {
                policy = try SessionPolicy.validated(try JSONDecoder().decode(PolicyValue.self, from: data))
            } catch let error as PolicyError {
                throw ValidationError("--policy \(path): \(error.description)")
            } catch {
                throw ValidationError("--policy \(path) is not JSON: \(error)")
            }
        }
        var thresholds = policy.thresholds
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
        thresholds.identityMismatchSeconds = try seconds(flags.identityMismatchSeconds, "identity-mismatch-seconds") ?? thresholds.identityMismatchSeconds
        if let distance = flags.identityMaxDistance {
            guard distance.isFinite, distance > 0 else {
                throw ValidationError("--identity-max-distance must be a distance above 0 (dlib's descriptors: 0.5 by default), not \(distance)")
            }
            thresholds.identityMaxDistance = distance
        }
        self.thresholds = thresholds
        policy.thresholds = thresholds
        self.policy = policy

        guard flags.rate.isFinite, flags.rate >= 0 else {
            throw ValidationError("--rate must be frames per second ≥ 0 (0 = every decoded frame), not \(flags.rate)")
        }
        guard flags.objectRate.isFinite, flags.objectRate >= 0 else {
            throw ValidationError("--object-rate must be frames per second ≥ 0, not \(flags.objectRate)")
        }
        var objectRate = flags.objectRate
        if let every = flags.objectEvery {
            guard every >= 1 else { throw ValidationError("--object-every must be 1 (every analysed frame) or more, not \(every)") }
            guard flags.rate > 0 || every == 1 else {
                throw ValidationError("--object-every \(every) needs --rate above 0; with --rate 0 use --object-rate")
            }
            objectRate = flags.rate / Double(every)
        }
        let workers = flags.workers ?? AnalysisBudget.cores
        guard workers >= 1 else { throw ValidationError("--workers must be 1 or more (threads analysing the file), not \(workers)") }
        budget = AnalysisBudget(framesPerSecond: flags.rate, objectFramesPerSecond: objectRate, workers: workers)
        guard flags.identityRate.isFinite, flags.identityRate >= 0 else {
            throw ValidationError("--identity-rate must be frames per second ≥ 0 (0 = no identity check), not \(flags.identityRate)")
        }
        budget.identityFramesPerSecond = flags.identityRate
        guard flags.threads >= 0 else { throw ValidationError("--threads must be 0 (all cores for each analyzer) or more, not \(flags.threads)") }
        threads = flags.threads
        showProgress = !flags.quiet
    }

    /// dlib's network is loaded only when the identity check runs (`--identity-rate` above 0).
    var analyzerConfiguration: AnalyzerConfiguration {
        var configuration = AnalyzerConfiguration(modelsDirectory: modelsDirectory, threads: threads, tiledFaceSearch: false, thresholds: thresholds)
        configuration.identityCheck = budget.identityFramesPerSecond > 0
        return configuration
    }

    /// E.g. "10 fps, objects 3 fps, 2 workers", for the summary line.
    var rateDescription: String {
        func fps(_ value: Double) -> String { value == 0 ? "every frame" : String(format: "%g fps", value) }
        let objects = budget.objectFramesPerSecond == 0 ? fps(budget.framesPerSecond) : fps(min(budget.objectFramesPerSecond, budget.framesPerSecond == 0 ? .infinity : budget.framesPerSecond))
        return "\(fps(budget.framesPerSecond)), objects \(objects), \(budget.workers) worker\(budget.workers == 1 ? "" : "s")"
    }
}
