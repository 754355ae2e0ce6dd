import Foundation
import Testing
@testable import VigilCore
import VigilReport

@Suite("JSON export: the reference format")
struct ReportJSONTests {
    /// A report exercising every optional: an open event, reviews with and without a note,
    /// details, fractional seconds that are exact in binary.
    let report = Report(
        session: session(endedAfter: 1800.5),
        events: [
            incident(.phone, at: 10.25, lasting: 61.5, id: 1, confidence: 0.8125),
            incident(.tabHidden, at: 100, lasting: 2, id: 2, source: .page, details: "alt-tab, \"twice\"", review: dismissal),
            incident(.lookingAway, at: 200.5, lasting: 7, id: 3, confidence: 0.75, review: confirmation),
            incident(.noFace, at: 1790, lasting: nil, id: 4, source: .external),
        ],
        generatedAt: t0.addingTimeInterval(2000.125))

    func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("decoding the rendered JSON with ReportJSON.decoder() gives an equal report")
    func roundTrip() throws {
        let data = try ReportJSON.render(report)
        let decoded = try ReportJSON.decoder().decode(Report.self, from: data)
        #expect(decoded == report)
    }

    @Test("top-level keys include score, verdict, deductions, counts and events, in snake case")
    func topLevelKeys() throws {
        let keys = Set(try object(try ReportJSON.render(report)).keys)
        #expect(keys.isSuperset(of: ["score", "verdict", "deductions", "counts", "events", "durations",
                                     "duration_seconds", "generated_at", "session", "status"]))
    }

    @Test("event objects include kind, start, end, confidence and source")
    func eventKeys() throws {
        let events = try #require(try object(try ReportJSON.render(report))["events"] as? [[String: Any]])
        let phone = try #require(events.first)
        #expect(Set(phone.keys).isSuperset(of: ["kind", "start", "end", "confidence", "source"]))
        #expect(phone["kind"] as? String == "phone")
        #expect(phone["source"] as? String == "detector")
        #expect(phone["start"] as? String == "2023-11-14T22:13:30.250Z")
        #expect(phone["end"] as? String == "2023-11-14T22:14:31.750Z")
        #expect(phone["confidence"] as? Double == 0.8125)
    }

    @Test("values use the wire names: verdict, kinds in counts, deduction kinds")
    func wireNames() throws {
        let json = try object(try ReportJSON.render(report))
        #expect(json["verdict"] as? String == report.verdict.rawValue)
        #expect(json["score"] as? Double == report.score)
        let counts = try #require(json["counts"] as? [String: Int])
        #expect(counts["looking_away"] == 1)
        #expect(counts["no_face"] == 1)
        let deductions = try #require(json["deductions"] as? [[String: Any]])
        #expect(deductions.compactMap { $0["kind"] as? String } == ["looking_away", "no_face", "phone", "tab_hidden"])
    }

    @Test("the decoder rejects a date that is not ISO 8601")
    func rejectsBadDate() throws {
        var json = try object(try ReportJSON.render(report))
        json["generated_at"] = "yesterday"
        let data = try JSONSerialization.data(withJSONObject: json)
        #expect(throws: DecodingError.self) { try ReportJSON.decoder().decode(Report.self, from: data) }
    }
}
