import Foundation

/// The 468 face-mesh points of one face, in frame pixels (z in the same scale, relative depth).
public struct FaceLandmarks: Sendable {
    public var points: [Point]
    public var depths: [Double]
    /// The model's confidence that the crop holds a face, 0...1.
    public var presence: Double

    subscript(index: Int) -> Point { points[index] }
}
