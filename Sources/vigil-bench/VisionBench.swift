import ArgumentParser
import Foundation
import VigilCore
import VigilVision

/// The detectors' accuracy on the labelled photos, per category, as JSON lines.
struct AccuracyBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "accuracy", abstract: "Detector accuracy on labelled photos.")

    @Option(help: "labels.json of the labelled media.")
    var labels = "../shared/media/labels.json"

    @Option(help: "Model folder.")
    var models = "models"

    func run() async throws {
        let analyzer = try FrameAnalyzer(configuration: AnalyzerConfiguration(modelsDirectory: models))
        let accuracy = try PhotoAccuracy(labelsFile: labels, analyzer: analyzer, objectMinimumScore: RuleThresholds.standard.objectMinScore)
        for row in accuracy.table {
            let extra: [String: Any] = ["category": row.category, "photos": row.photos]
            emit("accuracy", "face_class_right", row.faceClass * 100, "%", extra)
            emit("accuracy", "face_count_right", row.faceCount * 100, "%", extra)
            emit("accuracy", "looking_away_right", row.lookingAway * 100, "%", extra)
        }
        let all: [String: Any] = ["category": "all", "photos": accuracy.results.count]
        emit("accuracy", "face_class_right", accuracy.rate(\.faceClassRight) * 100, "%", all)
        emit("accuracy", "face_count_right", accuracy.rate(\.faceCountRight) * 100, "%", all)
        emit("accuracy", "looking_away_right", accuracy.rate(\.lookingAwayRight) * 100, "%", all)
        let labelled = accuracy.results.flatMap { $0.label.objects.filter { EventKind.forObjectClass($0) != nil } }.count
        let missed = accuracy.results.reduce(0) { $0 + $1.missedObjects.count }
        let extra = accuracy.results.reduce(0) { $0 + $1.extraObjects.count }
        emit("accuracy", "forbidden_objects_found", Double(labelled - missed), "objects", ["labelled": labelled])
        emit("accuracy", "forbidden_objects_false", Double(extra), "objects", ["photos": accuracy.results.count])
    }
}

/// Milliseconds per 640x480 frame for each detector and the whole analyzer, on 1 inference
/// thread and on OpenVINO's default (all cores). `faces_mesh_iris_pose` is one analysed frame
/// without objects (one face pass, mesh, iris, pose, eyes); `analyzer` adds the tiled face search
/// off and objects on every frame.
struct DetectorSpeedBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "detectors", abstract: "Detector speed at 640x480.")

    @Option(help: "A photo with one face, scaled to 640x480.")
    var photo = "../shared/media/faces/frontal/grace_hopper_frontal.jpg"

    @Option(help: "Model folder.")
    var models = "models"

    @Option(help: "Timed runs per measurement.")
    var runs = 30

    func run() async throws {
        for threads in [1, 0] {
            let analyzer = try FrameAnalyzer(configuration: AnalyzerConfiguration(modelsDirectory: models, threads: threads, tiledFaceSearch: false))
            let frame = try Image(contentsOf: photo).resized(width: 640, height: 480).frame(time: 0)
            let label = threads == 1 ? "1" : "default"
            for (stage, timing) in try analyzer.stageTimings(frame, runs: runs) {
                emit("detectors", "\(stage)_ms_per_frame", timing, "ms", ["threads": label, "size": "640x480", "statistic": "median", "runs": runs, "engine": "OpenVINO 2025.3 CPU"])
            }
            var times: [Double] = []
            for _ in 0..<runs {
                let start = ContinuousClock.now
                _ = try analyzer.analyze(frame)
                times.append(ms(ContinuousClock.now - start))
            }
            emit("detectors", "analyzer_ms_per_frame", median(times), "ms", ["threads": label, "size": "640x480", "statistic": "median", "runs": runs, "object_every": 1, "engine": "OpenVINO 2025.3 CPU"])
            emit("detectors", "analysis_fps", 1000 / median(times), "frames/s", ["threads": label, "size": "640x480", "object_every": 1])
        }
    }
}
