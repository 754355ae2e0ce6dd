/// A hand found by the palm detector and measured by the hand-landmark model, in frame pixels.
public struct DetectedHand: Sendable, Equatable {
    /// The box around the 21 landmarks.
    public var box: Rect
    /// The palm detector's score.
    public var palmScore: Double
    /// The landmark model's hand presence, 0...1: the confirmation that it is a hand.
    public var presence: Double
    /// The 21 landmarks (wrist first, then four per finger from the thumb).
    public var landmarks: [Point]
}
