import Foundation

/// A face found by the detector, in frame pixels.
public struct DetectedFace: Sendable, Equatable {
    public var box: Rect
    public var score: Double
    /// Right eye, left eye, nose tip, mouth centre, right ear, left ear (the person's sides);
    /// CenterFace gives the first four only.
    public var keypoints: [Point]
}
