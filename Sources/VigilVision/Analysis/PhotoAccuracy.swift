import Foundation
import VigilCore

/// Scores the detectors against labelled photos (`labels.json`: faces, looking_away,
/// eyes_closed, objects per file), per category. Shared by the accuracy test (floors) and
/// `make bench` (the figures and the confusion table), so both judge by the same rules. Each
/// photo is judged as the rules judge one frame (`FrameJudgement`): the face class by the faces
/// found, "several people" also by `person` boxes (reported beside it: a person seen from behind
/// has no face to label), a phone when the detector sees one or a hand is at the ear (the rules
/// also need it to last; a photo is one still moment).
public struct PhotoAccuracy: Sendable {
    public struct Label: Sendable, Decodable {
        public var faces: Int
        /// Nil where the photo has no one candidate to judge (a group looking several ways).
        public var lookingAway: Bool?
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
        /// Faces, or `person` boxes when there are more of those.
        public var people: Int
        /// The rules' "several people" for this frame.
        public var severalPeople: Bool
        public var lookingAway: Bool
        public var forbiddenObjects: Set<String>
        /// A hand was seen at the candidate's ear (the phone rule's second signal).
        public var handAtEar: Bool

        /// "none", "one" or "several" faces found.
        public var faceClass: String { Self.faceClass(faces) }
        /// "several" when the rules see several people (faces or `person` boxes), else the face class.
        public var peopleClass: String { severalPeople ? "several" : faceClass }
        public var labelledFaceClass: String { Self.faceClass(label.faces) }
        public var faceClassRight: Bool { faceClass == labelledFaceClass }
        public var faceCountRight: Bool { faces == label.faces }
        /// Nil where the label does not judge looking away.
        public var lookingAwayRight: Bool? { label.lookingAway.map { $0 == lookingAway } }
        /// Forbidden objects the rules would raise: the detector's, plus a phone for a hand at the ear.
        public var raisedObjects: Set<String> { handAtEar ? forbiddenObjects.union(["cell phone"]) : forbiddenObjects }
        /// Labelled forbidden objects not found.
        public var missedObjects: Set<String> { Set(label.objects.filter { EventKind.forObjectClass($0) != nil }).subtracting(raisedObjects) }
        /// Forbidden objects raised that the label does not list.
        public var extraObjects: Set<String> { raisedObjects.subtracting(label.objects) }

        static func faceClass(_ count: Int) -> String { count == 0 ? "none" : count == 1 ? "one" : "several" }
    }

    public var results: [Result]

    /// Runs `analyzer` on every photo listed in each of `labelsFiles` (videos are skipped); a
    /// photo's name is its path relative to its labels file.
    public init(labelsFiles: [String], analyzer: FrameAnalyzer, thresholds: RuleThresholds = .standard) throws {
        var results: [Result] = []
        for labelsFile in labelsFiles {
            let folder = URL(fileURLWithPath: labelsFile).deletingLastPathComponent()
            let labels = try JSONDecoder().decode([String: Label].self, from: Data(contentsOf: URL(fileURLWithPath: labelsFile)))
            for file in labels.keys.sorted() {
                let label = labels[file]!
                guard label.video != true else { continue }
                let image = try Image(contentsOf: folder.appendingPathComponent(file).path)
                let detections = try analyzer.detect(image)
                let judgement = FrameJudgement(detections.observation(at: 0), thresholds: thresholds)
                let forbidden = detections.objects.filter { $0.score >= thresholds.objectMinScore && EventKind.forObjectClass($0.label) != nil }
                results.append(Result(
                    file: file, category: String(file.split(separator: "/").dropLast().joined(separator: "/")),
                    width: image.width, label: label, faces: detections.faces.count, people: judgement.people,
                    severalPeople: judgement.multipleFaces.holds ?? false, lookingAway: judgement.lookingAway.holds ?? false,
                    forbiddenObjects: Set(forbidden.map(\.label)), handAtEar: judgement.handAtEar.holds ?? false))
            }
        }
        self.results = results
    }

    /// The share of `subset` (all photos by default) where `right` holds; photos where it is nil
    /// (not labelled) are left out.
    public func rate(_ right: (Result) -> Bool?, among subset: [Result]? = nil) -> Double {
        let judged = (subset ?? results).compactMap(right)
        return judged.isEmpty ? 0 : Double(judged.filter { $0 }.count) / Double(judged.count)
    }

    /// Photos judged by `right` (its value not nil).
    public func judged(_ right: (Result) -> Bool?, among subset: [Result]? = nil) -> Int {
        (subset ?? results).compactMap(right).count
    }

    /// Per-category rows: photos, face class right, exact count right, looking away right.
    public var table: [(category: String, photos: Int, faceClass: Double, faceCount: Double, lookingAway: Double)] {
        Dictionary(grouping: results, by: \.category).keys.sorted().map { category in
            let rows = results.filter { $0.category == category }
            return (category, rows.count, rate({ $0.faceClassRight }, among: rows), rate({ $0.faceCountRight }, among: rows),
                    rate({ $0.lookingAwayRight }, among: rows))
        }
    }

    /// The face-class confusion table: labelled class → predicted class → photos.
    public var faceClassConfusion: [String: [String: Int]] {
        var table: [String: [String: Int]] = [:]
        for result in results { table[result.labelledFaceClass, default: [:]][result.faceClass, default: 0] += 1 }
        return table
    }

    /// Looking-away confusion over the photos labelled for it: "labelled/predicted" → photos.
    public var lookingAwayConfusion: [String: Int] {
        var table: [String: Int] = [:]
        for result in results {
            guard let labelled = result.label.lookingAway else { continue }
            table["\(labelled ? "away" : "toward")/\(result.lookingAway ? "away" : "toward")", default: 0] += 1
        }
        return table
    }

    /// Per forbidden class (phone, book, laptop, tv): photos labelled with it, found, and raised
    /// where not labelled (false objects).
    public var objectCounts: [(label: String, labelled: Int, found: Int, falseRaised: Int)] {
        ["cell phone", "book", "laptop", "tv"].map { name in
            let labelled = results.filter { $0.label.objects.contains(name) }
            return (name, labelled.count, labelled.filter { !$0.missedObjects.contains(name) }.count,
                    results.filter { $0.extraObjects.contains(name) }.count)
        }
    }
}
