/// One hand in a frame (MediaPipe's palm detector confirmed by its hand-landmark model), as a box
/// normalised to the frame. Where it is relative to the face is judged by `HandPlacement`, so the
/// rule that reads it can be tested without images.
public struct HandObservation: Sendable, Codable, Equatable {
    /// The box around the hand's 21 landmarks, 0...1 of the frame.
    public var box: Box
    /// The hand-landmark model's confidence that the crop holds a hand, 0...1.
    public var score: Double

    public init(box: Box, score: Double) {
        self.box = box
        self.score = score
    }
}
