/// A detected object with its COCO class name ("cell phone", "book", "laptop", "tv", "person").
public struct ObjectObservation: Sendable, Codable, Equatable {
    public var label: String
    public var score: Double
    public var box: Box

    public init(label: String, score: Double, box: Box) {
        self.label = label
        self.score = score
        self.box = box
    }
}
