import Foundation
import Testing
@testable import VigilCore

@Suite("Timestamp: ISO 8601 with milliseconds and Z")
struct TimestampTests {
    @Test("formats in UTC with three fractional digits and a Z")
    func format() {
        #expect(Timestamp.format(t0) == "2023-11-14T22:13:20.000Z")
        #expect(Timestamp.format(t0.addingTimeInterval(0.5)) == "2023-11-14T22:13:20.500Z")
    }

    @Test("parse(format(date)) gives the date back, milliseconds included", arguments: [0, 0.125, 0.25, 0.5, 0.875, 86_399.375])
    func roundTrip(offset: Double) throws {
        let date = t0.addingTimeInterval(offset)
        #expect(try #require(Timestamp.parse(Timestamp.format(date))) == date)
    }

    @Test("parses a timestamp without fractional seconds")
    func noFraction() {
        #expect(Timestamp.parse("2023-11-14T22:13:20Z") == t0)
    }

    @Test("parses offsets from UTC, with or without fractional seconds", arguments: [
        "2023-11-15T00:13:20+02:00", "2023-11-14T17:13:20-05:00", "2023-11-15T03:43:20.000+05:30",
    ])
    func offsets(text: String) {
        #expect(Timestamp.parse(text) == t0)
    }

    @Test("parses fractional seconds with an offset")
    func fractionWithOffset() {
        #expect(Timestamp.parse("2023-11-15T00:13:20.250+02:00") == t0.addingTimeInterval(0.25))
    }

    @Test("rejects text that is not an ISO 8601 timestamp", arguments: ["", "yesterday", "2023-11-14", "14/11/2023 22:13"])
    func rejectsGarbage(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }
}
