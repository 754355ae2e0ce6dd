/// Horizontal and vertical gaze offset.
public struct Gaze: Sendable, Codable, Equatable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    public var magnitude: Double { (x * x + y * y).squareRoot() }
}
