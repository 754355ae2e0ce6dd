import Foundation
import Testing

/// The report in every format tells the same story: score, counts and durations agree across
/// JSON, CSV, HTML and PDF (read back with pdftotext), and reviews change the score.
@Suite("Report exports agree across JSON, CSV, HTML and PDF")
struct ReportExportTests {
    /// A session with page events, proctor-reported detector events with durations, and one
    /// dismissed event; ended.
    func endedSession(_ client: APIClient) async throws -> (TestSession, dismissed: Int) {
        let session = try await TestSession.create(client)
        let start = Date()
        func at(_ seconds: Double) -> String { start.addingTimeInterval(seconds).formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true)) }
        try await Task.sleep(for: .milliseconds(50))
        _ = try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.candidate, json: ["kind": "tab_hidden"])
        _ = try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.candidate, json: ["kind": "copy_paste", "details": "pasted <b>code</b>, \"quoted\""])
        let phone = try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.proctor,
                                          json: ["kind": "phone", "confidence": 0.81])
        let away = try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.proctor,
                                         json: ["kind": "looking_away", "confidence": 0.7])
        #expect(phone.status == 201 && away.status == 201)
        let dismissed = try #require(away.json["id"] as? Int)
        let review = try await client.send("POST", "/api/sessions/\(session.id)/events/\(dismissed)/review", token: session.proctor,
                                           json: ["decision": "dismissed", "note": "reading the question aloud", "reviewer": "Pat"])
        #expect(review.status == 201, "\(review.text)")
        _ = at(0)
        #expect(try await client.send("PUT", "/api/sessions/\(session.id)/end", token: session.interviewer).status == 200)
        return (session, dismissed)
    }

    @Test("score, verdict, counts and durations are the same in JSON, CSV, HTML and PDF text")
    func formatsAgree() async throws {
        try await withServer { _, client in
            let (session, _) = try await endedSession(client)
            let json = try await client.send("GET", "/api/sessions/\(session.id)", token: session.interviewer).json
            let score = try #require(json["score"] as? Double)
            let counts = try #require(json["counts"] as? [String: Int])
            let durations = try #require(json["durations"] as? [String: Double])
            #expect(score == 100 - 5 - 5 - 15, "the dismissed looking_away costs nothing")

            let csv = try await client.send("GET", "/api/sessions/\(session.id)?format=csv", token: session.interviewer).text
            let rows = CSVTable(csv)
            #expect(rows.records.count == counts.values.reduce(0, +))
            #expect(Set(rows.column("session_score")) == [String(score)])
            for (kind, count) in counts { #expect(rows.column("kind").filter { $0 == kind }.count == count) }

            let html = try await client.send("GET", "/api/sessions/\(session.id)?format=html", token: session.interviewer)
            #expect(html.headers["content-type"]?.hasPrefix("text/html") == true)
            #expect(html.text.contains("<span id=\"score\">\(Self.number(score))</span>"))
            for (kind, count) in counts {
                #expect(html.text.contains("<td>\(kind)</td><td class=\"count\">\(count)</td><td class=\"seconds\">\(Self.number(durations[kind] ?? 0))</td>"), "\(kind)")
            }
            #expect(html.text.contains("pasted &lt;b&gt;code&lt;/b&gt;"), "page text is escaped")

            let pdf = try await client.send("GET", "/api/sessions/\(session.id)?format=pdf", token: session.interviewer)
            #expect(pdf.status == 200, "\(pdf.text.prefix(300))")
            #expect(pdf.body.starts(with: Data("%PDF".utf8)))
            let text = try Self.pdfText(pdf.body)
            #expect(text.contains("Integrity score \(Self.number(score))/100"), "\(text.prefix(500))")
            #expect(text.contains("Needs review"))
            for (kind, count) in counts where count > 0 {
                #expect(text.contains("\(kind) \(count) \(Self.number(durations[kind] ?? 0))"), "\(kind) in PDF text")
            }
        }
    }

    @Test("the HTML report is self-contained: no external script, style, image or font")
    func htmlSelfContained() async throws {
        try await withServer { _, client in
            let (session, _) = try await endedSession(client)
            let html = try await client.send("GET", "/api/sessions/\(session.id)?format=html", token: session.proctor).text
            #expect(html.contains("<svg"), "the timeline is inline SVG")
            for pattern in ["src=\"http", "href=\"http", "url(http", "<link", "<script", "@import", "src=\"//"] {
                #expect(!html.contains(pattern), "\(pattern)")
            }
        }
    }

    @Test("dismissing an event changes the score in the next report, and the decision is kept with who and when")
    func dismissalChangesScore() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            let posted = try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.proctor, json: ["kind": "phone"])
            let id = try #require(posted.json["id"] as? Int)
            let before = try await client.send("GET", "/api/sessions/\(session.id)", token: session.interviewer).json["score"] as? Double
            #expect(before == 85)
            let review = try await client.send("POST", "/api/sessions/\(session.id)/events/\(id)/review", token: session.proctor,
                                               json: ["decision": "dismissed", "note": "a calculator, allowed"])
            #expect(review.status == 201)
            let report = try await client.send("GET", "/api/sessions/\(session.id)", token: session.interviewer).json
            #expect(report["score"] as? Double == 100)
            let event = try #require((report["events"] as? [[String: Any]])?.first)
            let decision = try #require(event["review"] as? [String: Any])
            #expect(decision["decision"] as? String == "dismissed")
            #expect(decision["reviewer"] as? String == "proctor")
            #expect(decision["note"] as? String == "a calculator, allowed")
            #expect(decision["at"] as? String != nil)
        }
    }

    @Test("a candidate cannot review events; an unknown decision is refused")
    func reviewRules() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            let posted = try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.candidate, json: ["kind": "tab_hidden"])
            let id = try #require(posted.json["id"] as? Int)
            #expect(try await client.send("POST", "/api/sessions/\(session.id)/events/\(id)/review", token: session.candidate, json: ["decision": "dismissed"]).status == 403)
            #expect(try await client.send("POST", "/api/sessions/\(session.id)/events/\(id)/review", token: session.proctor, json: ["decision": "maybe"]).status == 422)
            #expect(try await client.send("POST", "/api/sessions/\(session.id)/events/99999/review", token: session.proctor, json: ["decision": "dismissed"]).status == 404)
        }
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// Text of a PDF with pdftotext, whitespace collapsed to single spaces.
    static func pdfText(_ pdf: Data) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-\(UUID().uuidString).pdf")
        try pdf.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
        process.arguments = [file.path, "-"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// A small RFC 4180 reader for the tests (quoted fields, doubled quotes, CRLF).
struct CSVTable {
    var header: [String] = []
    var records: [[String]] = []

    init(_ text: String) {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var scalars = Array(text.unicodeScalars)[...]
        while let c = scalars.popFirst() {
            if quoted {
                if c == "\"" {
                    if scalars.first == "\"" { field.unicodeScalars.append("\""); scalars.removeFirst() } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" { quoted = true
            } else if c == "," { row.append(field); field = ""
            } else if c == "\r" { continue
            } else if c == "\n" { row.append(field); rows.append(row); row = []; field = ""
            } else { field.unicodeScalars.append(c) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        header = rows.first ?? []
        records = Array(rows.dropFirst())
    }

    func column(_ name: String) -> [String] {
        guard let index = header.firstIndex(of: name) else { return [] }
        return records.map { $0[index] }
    }
}
