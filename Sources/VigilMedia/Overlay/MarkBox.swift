/// A box drawn into the relayed candidate video: normalised 0…1 coordinates, alarm colour for
/// forbidden objects and flagged faces.
public struct MarkBox: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
    public var alarming: Bool

    public init(x: Double, y: Double, width: Double, height: Double, alarming: Bool) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.alarming = alarming
    }
}
