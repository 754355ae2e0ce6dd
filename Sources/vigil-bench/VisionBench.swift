import ArgumentParser
import Foundation
import VigilCore
import VigilVision

/// The detectors' accuracy on the labelled photos (the shared set and tests/media), per category
/// and over all, with the confusion tables and the per-photo misses, as JSON lines.
struct AccuracyBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "accuracy", abstract: "Detector accuracy on labelled photos.")

    @Option(help: "labels.json of the labelled media (repeat for several sets).")
    var labels: [String] = ["../shared/media/labels.json", "tests/media/labels.json"]

    @Option(help: "Model folder.")
    var models = "models"

    func run() async throws {
        let analyzer = try FrameAnalyzer(configuration: AnalyzerConfiguration(modelsDirectory: models))
        let accuracy = try PhotoAccuracy(labelsFiles: labels, analyzer: analyzer)
        for row in accuracy.table {
            let extra: [String: Any] = ["category": row.category, "photos": row.photos]
            emit("accuracy", "face_class_right", row.faceClass * 100, "%", extra)
            emit("accuracy", "face_count_right", row.faceCount * 100, "%", extra)
            // Only over the photos labelled for it (a group at a distance is not): none, no line.
            let judged = accuracy.judged({ $0.lookingAwayRight }, among: accuracy.results.filter { $0.category == row.category })
            if judged > 0 { emit("accuracy", "looking_away_right", row.lookingAway * 100, "%", ["category": row.category, "photos": judged]) }
        }
        let all: [String: Any] = ["category": "all", "photos": accuracy.results.count]
        emit("accuracy", "face_class_right", accuracy.rate { $0.faceClassRight } * 100, "%", all)
        emit("accuracy", "face_count_right", accuracy.rate { $0.faceCountRight } * 100, "%", all)
        emit("accuracy", "looking_away_right", accuracy.rate { $0.lookingAwayRight } * 100, "%",
             ["category": "all", "photos": accuracy.judged { $0.lookingAwayRight }])
        // Per labelled face class (none / one / several), and the confusion tables.
        for labelled in ["none", "one", "several"] {
            let rows = accuracy.results.filter { $0.labelledFaceClass == labelled }
            emit("accuracy", "face_class_right", accuracy.rate({ $0.faceClassRight }, among: rows) * 100, "%",
                 ["face_class": labelled, "photos": rows.count])
        }
        emit("accuracy", "face_class_confusion", Double(accuracy.results.count), "photos",
             ["rows_labelled_columns_predicted": accuracy.faceClassConfusion])
        var peopleConfusion: [String: [String: Int]] = [:]
        for result in accuracy.results { peopleConfusion[result.labelledFaceClass, default: [:]][result.peopleClass, default: 0] += 1 }
        emit("accuracy", "people_class_confusion", Double(accuracy.results.count), "photos",
             ["rows_labelled_faces_columns_people_seen": peopleConfusion])
        emit("accuracy", "looking_away_confusion", Double(accuracy.judged { $0.lookingAwayRight }), "photos",
             ["labelled/predicted": accuracy.lookingAwayConfusion])
        for row in accuracy.objectCounts {
            emit("accuracy", "objects_found", Double(row.found), "photos", ["class": row.label, "labelled": row.labelled])
            emit("accuracy", "objects_false", Double(row.falseRaised), "photos", ["class": row.label, "photos": accuracy.results.count])
        }
        let labelled = accuracy.results.flatMap { $0.label.objects.filter { EventKind.forObjectClass($0) != nil } }.count
        let missed = accuracy.results.reduce(0) { $0 + $1.missedObjects.count }
        let extra = accuracy.results.reduce(0) { $0 + $1.extraObjects.count }
        emit("accuracy", "forbidden_objects_found", Double(labelled - missed), "objects", ["labelled": labelled])
        emit("accuracy", "forbidden_objects_false", Double(extra), "objects", ["photos": accuracy.results.count])
        // Every photo judged wrong on something, so a reader sees which.
        for result in accuracy.results where !result.faceClassRight || result.lookingAwayRight == false
            || !result.missedObjects.isEmpty || !result.extraObjects.isEmpty {
            emit("accuracy", "photo_wrong", 1, "photo", [
                "file": result.file, "faces": result.faces, "labelled_faces": result.label.faces, "people": result.people,
                "face_class": result.faceClass, "looking_away": result.lookingAway,
                "labelled_looking_away": result.label.lookingAway.map { $0 as Any } ?? NSNull(),
                "missed": result.missedObjects.sorted(), "extra": result.extraObjects.sorted(), "hand_at_ear": result.handAtEar,
            ])
        }
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
