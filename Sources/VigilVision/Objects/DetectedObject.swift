import Foundation

/// A COCO object found in a frame.
public struct DetectedObject: Sendable, Equatable {
    public var label: String
    public var classIndex: Int
    public var score: Double
    /// In frame pixels.
    public var box: Rect
}
