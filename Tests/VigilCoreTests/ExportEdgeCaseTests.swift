import Foundation
import Testing
@testable import VigilCore
import VigilReport

// Regressions found by review: CRLF inside CSV fields, and milliseconds lost to Double rounding.

@Suite("Export edge cases")
struct ExportEdgeCaseTests {
    @Test("CSV quotes a field containing a CRLF line break")
    func csvQuotesCRLF() throws {
        // Swift reads "\r\n" as one Character, equal to neither "\r" nor "\n".
        let details = "first line\r\nsecond line"
        let report = Report(session: session(), events: [incident(.copyPaste, details: details)], generatedAt: t0)
        let records = parseCSV(ReportCSV.render(report))
        #expect(records.count == 2)
        #expect(records.last?.count == ReportCSV.header.count)
    }

    @Test("a millisecond timestamp survives parse then format unchanged")
    func timestampMillisecondsStable() throws {
        // .002 parses to 0.00199999…; the system formatter alone would print .001.
        let text = "2023-11-14T22:13:20.002Z"
        let date = try #require(Timestamp.parse(text))
        #expect(Timestamp.format(date) == text)
    }

    @Test("a page event's millisecond timestamp is exported as sent and survives a JSON round trip")
    func jsonRoundTripWithMilliseconds() throws {
        let sent = "2023-11-14T22:13:20.002Z"
        let start = try #require(Timestamp.parse(sent))
        let event = ProctoringEvent(id: 1, kind: .tabHidden, source: .page, start: start, end: start)
        let report = Report(session: session(), events: [event], generatedAt: t0.addingTimeInterval(4000))
        let data = try ReportJSON.render(report)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let exported = try #require((json["events"] as? [[String: Any]])?.first?["start"] as? String)
        let decoded = try ReportJSON.decoder().decode(Report.self, from: data)
        #expect(exported == sent)
        #expect(decoded.events.first?.start == start)
    }
}
