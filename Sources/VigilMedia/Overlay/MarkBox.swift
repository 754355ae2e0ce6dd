/// A box drawn into the relayed candidate video: normalised 0…1 coordinates, alarm colour for
/// forbidden objects and flagged faces, and a label drawn on its top edge ("phone 0.82"; empty
/// draws none).
public struct MarkBox: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
    public var alarming: Bool
    public var label: String

    public init(x: Double, y: Double, width: Double, height: Double, alarming: Bool, label: String = "") {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.alarming = alarming
        self.label = label
    }
}
