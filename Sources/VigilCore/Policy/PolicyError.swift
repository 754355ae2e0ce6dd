/// A policy field a client sent that cannot be used, naming the field (`policy.thresholds.no_face_seconds`)
/// and saying what to send instead.
public struct PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case unknownField = "unknown_policy_field"
        case unknownPreset = "unknown_preset"
        case unknownCheck = "unknown_check"
        case unknownThreshold = "unknown_threshold"
        case invalidValue = "invalid_policy_value"
    }

    public var code: Code
    /// The path of the bad field, e.g. `policy.checks.phone`.
    public var field: String
    public var message: String

    public init(_ code: Code, field: String, _ message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    public var description: String { "'\(field)': \(message)" }
}
