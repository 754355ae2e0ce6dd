import Foundation
import Testing
@testable import VigilCore
import VigilReport

@Suite("CSV export: one RFC 4180 row per event")
struct ReportCSVTests {
    let generatedAt = t0.addingTimeInterval(7200)

    func rows(_ events: [ProctoringEvent], endedAfter: Double? = 3600) -> (Report, [[String]]) {
        let report = Report(session: session(endedAfter: endedAfter), events: events, generatedAt: generatedAt)
        return (report, parseCSV(ReportCSV.render(report)))
    }

    func column(_ name: String) throws -> Int {
        try #require(ReportCSV.header.firstIndex(of: name))
    }

    @Test("the first line is the header, and lines end with CRLF")
    func header() {
        let csv = ReportCSV.render(Report(session: session(), events: [], generatedAt: generatedAt))
        #expect(csv == ReportCSV.header.joined(separator: ",") + "\r\n")
        #expect(ReportCSV.header.first == "session_id")
        #expect(ReportCSV.header.contains("session_score"))
    }

    @Test("one row per event, in timeline order, each as wide as the header")
    func oneRowPerEvent() throws {
        let (_, records) = rows([incident(.phone, at: 50, id: 7), incident(.book, at: 10, id: 8), incident(.tabHidden, at: 90, id: 9)])
        #expect(records.count == 4)
        #expect(records.dropFirst().allSatisfy { $0.count == ReportCSV.header.count })
        let id = try column("event_id")
        #expect(records.dropFirst().map { $0[id] } == ["8", "7", "9"])
    }

    @Test("a row carries the event's facts")
    func rowFields() throws {
        let (_, records) = rows([incident(.phone, at: 10, lasting: 2.5, id: 3, confidence: 0.875)])
        let row = try #require(records.last)
        func field(_ name: String) throws -> String { row[try column(name)] }
        #expect(try field("session_id") == "s-42")
        #expect(try field("kind") == "phone")
        #expect(try field("source") == "detector")
        #expect(try field("start") == "2023-11-14T22:13:30.000Z")
        #expect(try field("end") == "2023-11-14T22:13:32.500Z")
        #expect(try field("duration_seconds") == "2.500")
        #expect(try field("confidence") == "0.875")
        #expect(try field("counted") == "true")
        #expect(try field("review_decision") == "")
    }

    @Test("an open event has an empty end and lasts until the session ended")
    func openEvent() throws {
        let (_, records) = rows([incident(.noFace, at: 3500, lasting: nil)])
        let row = try #require(records.last)
        #expect(row[try column("end")] == "")
        #expect(row[try column("duration_seconds")] == "100.000")
    }

    @Test("a dismissed event is marked not counted, with the review")
    func dismissedEvent() throws {
        let (_, records) = rows([incident(.phone, review: dismissal)])
        let row = try #require(records.last)
        #expect(row[try column("counted")] == "false")
        #expect(row[try column("review_decision")] == "dismissed")
        #expect(row[try column("reviewer")] == "Ada")
        #expect(row[try column("reviewed_at")] == "2023-11-14T23:20:00.000Z")
        #expect(row[try column("review_note")] == "false positive")
    }

    @Test("fields with commas, quotes or line feeds are quoted and read back intact", arguments: [
        "left, then right", #"said "hello""#, "line one\nline two", "all, \"of\"\nthem",
    ])
    func quoting(details: String) throws {
        let csv = ReportCSV.render(Report(session: session(), events: [incident(.copyPaste, details: details)], generatedAt: generatedAt))
        let escaped = "\"" + details.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        #expect(csv.contains("," + escaped + ","))
        let records = parseCSV(csv)
        #expect(records.count == 2)
        #expect(records.last?[try column("details")] == details)
    }

    @Test("plain fields are not quoted")
    func plainFieldsUnquoted() {
        let csv = ReportCSV.render(Report(session: session(), events: [incident(.copyPaste, details: "pasted 12 words")], generatedAt: generatedAt))
        #expect(csv.contains(",pasted 12 words,"))
    }

    @Test("free text starting like a formula gets a leading apostrophe", arguments: [
        "=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd",
    ])
    func formulaInjection(text: String) throws {
        let review = Review(decision: .confirmed, reviewer: text, at: t0, note: text)
        let (_, records) = rows([incident(.copyPaste, details: text, review: review)])
        let row = try #require(records.last)
        #expect(row[try column("details")] == "'" + text)
        #expect(row[try column("reviewer")] == "'" + text)
        #expect(row[try column("review_note")] == "'" + text)
    }

    @Test("text with a formula character later on is left alone")
    func formulaCharacterInside() throws {
        let (_, records) = rows([incident(.copyPaste, details: "a=b")])
        #expect(records.last?[try column("details")] == "a=b")
    }

    @Test("every row repeats the report's score and verdict")
    func scoreColumn() throws {
        // 2 × 30 s looking away (6) and 90 s without a face (12.5): 81.5, review.
        let (report, records) = rows(incidents(.lookingAway, count: 2, lasting: 30) + [incident(.noFace, at: 500, lasting: 90, id: 5)])
        #expect(report.score == 81.5)
        #expect(records.count == 4)
        for row in records.dropFirst() {
            #expect(row[try column("session_score")] == "81.5")
            #expect(Double(row[try column("session_score")]) == report.score)
            #expect(row[try column("session_verdict")] == "review")
        }
    }
}
