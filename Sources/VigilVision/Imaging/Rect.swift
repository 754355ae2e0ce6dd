import VigilCore

/// An axis-aligned rectangle in pixels.
public struct Rect: Sendable, Equatable, Codable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var area: Double { max(0, width) * max(0, height) }
    public var center: Point { Point(x: x + width / 2, y: y + height / 2) }

    public func intersectionOverUnion(_ other: Rect) -> Double {
        let left = max(x, other.x), top = max(y, other.y)
        let right = min(x + width, other.x + other.width), bottom = min(y + height, other.y + other.height)
        let overlap = max(0, right - left) * max(0, bottom - top)
        let union = area + other.area - overlap
        return union > 0 ? overlap / union : 0
    }

    public func contains(_ point: Point) -> Bool {
        point.x >= x && point.x <= x + width && point.y >= y && point.y <= y + height
    }

    /// Whether two face boxes from different detectors are the same face: they overlap by a
    /// fifth of their union, or either's centre lies in the other (CenterFace's boxes run from
    /// the forehead to the chin, BlazeFace's are square around the eyes and mouth).
    func sameFace(as other: Rect) -> Bool {
        intersectionOverUnion(other) > 0.2 || contains(other.center) || other.contains(center)
    }

    /// Clipped to a `width` × `height` frame.
    func clipped(width w: Int, height h: Int) -> Rect {
        let left = min(max(0, x), Double(w)), top = min(max(0, y), Double(h))
        let right = min(max(0, x + width), Double(w)), bottom = min(max(0, y + height), Double(h))
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// The same box normalised to 0...1 of the frame, as observations carry it.
    func normalized(width w: Int, height h: Int) -> Box {
        Box(x: x / Double(w), y: y / Double(h), width: width / Double(w), height: height / Double(h))
    }
}
