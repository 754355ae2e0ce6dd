import Foundation

/// ISO 8601 with milliseconds and a Z, the one date format on every wire and in every export.
public enum Timestamp {
    /// Rounds to the nearest millisecond and prints it; built from whole milliseconds because a
    /// Double date like .002 is stored as .00199… and the system formatter would cut it to .001.
    public static func format(_ date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        let seconds = (milliseconds / 1000).rounded(.down)
        let fraction = Int(milliseconds - seconds * 1000)
        let whole = Date(timeIntervalSince1970: seconds).formatted(wholeSeconds)
        return String(whole.dropLast()) + "." + String(format: "%03d", fraction) + "Z"
    }

    /// Accepts ISO 8601 with or without fractional seconds, with Z or an offset.
    public static func parse(_ text: String) -> Date? {
        if let date = try? withFraction.parse(text) { return date }
        return try? wholeSeconds.parse(text)
    }

    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let wholeSeconds = Date.ISO8601FormatStyle()
}
