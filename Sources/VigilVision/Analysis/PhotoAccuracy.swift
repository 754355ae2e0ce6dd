import Foundation
import VigilCore

/// Scores the detectors against labelled photos (`labels.json`: faces, looking_away,
/// eyes_closed, objects per file), per category. Shared by the accuracy test (floors) and
/// `make bench` (the table), so both judge by the same rules.
public struct PhotoAccuracy: Sendable {
    public struct Label: Sendable, Decodable {
        public var faces: Int
        public var lookingAway: Bool
        public var eyesClosed: Bool
        public var objects: [String]
        public var video: Bool?

        enum CodingKeys: String, CodingKey {
            case faces, objects, video
            case lookingAway = "looking_away"
            case eyesClosed = "eyes_closed"
        }
    }

    /// What the detectors said about one photo, next to its label.
    public struct Result: Sendable {
        public var file: String
        public var category: String
        public var width: Int
        public var label: Label
        public var faces: Int
        public var lookingAway: Bool
        public var forbiddenObjects: Set<String>

        public var faceClassRight: Bool { Self.faceClass(faces) == Self.faceClass(label.faces) }
        public var faceCountRight: Bool { faces == label.faces }
        public var lookingAwayRight: Bool { lookingAway == label.lookingAway }
        /// Labelled forbidden objects not found.
        public var missedObjects: Set<String> { Set(label.objects.filter { EventKind.forObjectClass($0) != nil }).subtracting(forbiddenObjects) }
        /// Forbidden objects reported that the label does not list.
        public var extraObjects: Set<String> { forbiddenObjects.subtracting(label.objects) }

        static func faceClass(_ count: Int) -> String { count == 0 ? "none" : count == 1 ? "one" : "several" }
    }

    public var results: [Result]

    /// Runs `analyzer` on every photo listed in `labelsFile` (videos are skipped).
    public init(labelsFile: String, analyzer: FrameAnalyzer, objectMinimumScore: Double) throws {
        let folder = URL(fileURLWithPath: labelsFile).deletingLastPathComponent()
        let labels = try JSONDecoder().decode([String: Label].self, from: Data(contentsOf: URL(fileURLWithPath: labelsFile)))
        results = try labels.keys.sorted().compactMap { file in
            let label = labels[file]!
            guard label.video != true else { return nil }
            let image = try Image(contentsOf: folder.appendingPathComponent(file).path)
            let detections = try analyzer.detect(image)
            let observation = detections.observation(at: 0)
            let judgement = FrameJudgement(observation, thresholds: analyzer.configuration.thresholds)
            let forbidden = detections.objects.filter { $0.score >= objectMinimumScore && EventKind.forObjectClass($0.label) != nil }
            return Result(
                file: file, category: String(file.split(separator: "/").dropLast().joined(separator: "/")),
                width: image.width, label: label, faces: detections.faces.count,
                lookingAway: judgement.lookingAway.holds ?? false, forbiddenObjects: Set(forbidden.map(\.label)))
        }
    }

    public func rate(_ right: (Result) -> Bool, among subset: [Result]? = nil) -> Double {
        let pool = subset ?? results
        return pool.isEmpty ? 0 : Double(pool.filter(right).count) / Double(pool.count)
    }

    /// Per-category rows: photos, face class right, exact count right, looking away right.
    public var table: [(category: String, photos: Int, faceClass: Double, faceCount: Double, lookingAway: Double)] {
        Dictionary(grouping: results, by: \.category).keys.sorted().map { category in
            let rows = results.filter { $0.category == category }
            return (category, rows.count, rate(\.faceClassRight, among: rows), rate(\.faceCountRight, among: rows), rate(\.lookingAwayRight, among: rows))
        }
    }
}
