/// An environment variable with a value the relay cannot use.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let variable: String
    public let value: String
    public let expected: String

    init(_ variable: String, _ value: String, _ expected: String) {
        self.variable = variable
        self.value = value
        self.expected = expected
    }

    public var description: String { "\(variable)='\(value)' is not valid; expected \(expected)" }
}
