import Foundation

/// ISO 8601 with milliseconds and a Z, the one date format on every wire and in every export.
public enum Timestamp {
    public static func format(_ date: Date) -> String {
        date.formatted(style)
    }

    /// Accepts ISO 8601 with or without fractional seconds, with Z or an offset.
    public static func parse(_ text: String) -> Date? {
        if let date = try? style.parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }

    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}
