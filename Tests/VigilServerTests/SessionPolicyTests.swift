import Foundation
import Testing

/// Issue 14 item 3: a policy per interview, over the real server. Validation names the bad field,
/// a disabled check refuses its events, the score uses the session's prices, and every report
/// format carries the policy that judged it.
@Suite("Session policy over the real server")
struct SessionPolicyTests {
    static func create(_ client: APIClient, policy: Any?, record: Bool? = nil) async throws -> APIClient.Answer {
        var body: [String: Any] = ["candidate_name": "Ada Lovelace", "interviewer_name": "Grace Hopper"]
        if let policy { body["policy"] = policy }
        if let record { body["record"] = record }
        return try await client.send("POST", "/api/sessions", token: ServerProcess.adminKey, json: body)
    }

    static func session(_ client: APIClient, policy: Any?, record: Bool? = nil) async throws -> TestSession {
        let answer = try await create(client, policy: policy, record: record)
        guard answer.status == 201, let id = answer.json["id"] as? String, let links = answer.json["links"] as? [String: String] else {
            throw TestSession.CreateError.failed(answer.status, answer.text)
        }
        func token(_ role: String) -> String {
            URLComponents(string: links[role] ?? "")?.queryItems?.first { $0.name == "token" }?.value ?? ""
        }
        return TestSession(id: id, candidate: token("candidate"), interviewer: token("interviewer"), proctor: token("proctor"), links: links)
    }

    @Test("a bad policy is refused with 422 naming the field, and no session is created",
          arguments: [
              (#"{"preset": "paranoid"}"#, "unknown_preset", "policy.preset"),
              (#"{"checks": {"telepathy": false}}"#, "unknown_check", "policy.checks.telepathy"),
              (#"{"checks": {"phone": "off"}}"#, "invalid_policy_value", "policy.checks.phone"),
              (#"{"thresholds": {"no_face_secs": 20}}"#, "unknown_threshold", "policy.thresholds.no_face_secs"),
              (#"{"thresholds": {"no_face_seconds": -1}}"#, "invalid_policy_value", "policy.thresholds.no_face_seconds"),
              (#"{"thresholds": {"no_face_seconds": "twenty"}}"#, "invalid_policy_value", "policy.thresholds.no_face_seconds"),
              (#"{"thresholds": {"object_window": 2.5}}"#, "invalid_policy_value", "policy.thresholds.object_window"),
              (#"{"prices": {"phone": {"per_event": 500}}}"#, "invalid_policy_value", "policy.prices.phone.per_event"),
              (#"{"prices": {"phone": {"per_hour": 5}}}"#, "unknown_policy_field", "policy.prices.phone.per_hour"),
              (#"{"rules": {}}"#, "unknown_policy_field", "policy.rules"),
          ])
    func invalidPolicy(policy: String, code: String, field: String) async throws {
        try await withServer { _, client in
            let answer = try await Self.create(client, policy: try JSONSerialization.jsonObject(with: Data(policy.utf8)))
            #expect(answer.status == 422, "\(answer.text)")
            #expect(answer.errorCode == code, "\(answer.text)")
            #expect(answer.errorMessage?.contains("'\(field)'") == true, "the message names \(field): \(answer.errorMessage ?? answer.text)")
            let list = try await client.send("GET", "/api/sessions", token: ServerProcess.adminKey)
            #expect((list.json["sessions"] as? [Any])?.isEmpty == true, "nothing was created: \(list.text)")
        }
    }

    @Test("a policy that is not an object is refused with 422")
    func policyNotAnObject() async throws {
        try await withServer { _, client in
            let answer = try await Self.create(client, policy: "strict")
            #expect(answer.status == 422, "\(answer.text)")
            #expect(answer.errorCode == "invalid_policy_value")
        }
    }

    @Test("without a policy the session is judged by the documented defaults, every check on")
    func defaultPolicy() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            let report = try await client.send("GET", "/api/sessions/\(session.id)", token: session.interviewer)
            let policy = try #require(report.json["policy"] as? [String: Any], "\(report.text)")
            #expect(policy["preset"] as? String == "standard")
            #expect(policy["customised"] as? Bool == false)
            let checks = try #require(policy["checks"] as? [String: Bool])
            #expect(checks.count == 15 && checks.values.allSatisfy { $0 }, "\(checks)")
            let thresholds = try #require(policy["thresholds"] as? [String: Double])
            #expect(thresholds["no_face_seconds"] == 10 && thresholds["looking_away_seconds"] == 5 && thresholds["object_window"] == 5)
            let prices = try #require(policy["prices"] as? [String: [String: Double]])
            #expect(prices["phone"] == ["per_event": 15, "per_minute": 10, "cap": 40])
        }
    }

    @Test("a preset with changes: the creation answer and GET /api/sessions/:id show the resulting policy; the list names it")
    func presetWithChanges() async throws {
        try await withServer { _, client in
            let answer = try await Self.create(client, policy: ["preset": "strict", "checks": ["eyes_closed": false], "thresholds": ["no_face_seconds": 20]])
            #expect(answer.status == 201, "\(answer.text)")
            let echoed = try #require(answer.json["policy"] as? [String: Any])
            #expect(echoed["preset"] as? String == "strict")
            let id = try #require(answer.json["id"] as? String)
            let report = try await client.send("GET", "/api/sessions/\(id)", token: ServerProcess.adminKey)
            let policy = try #require(report.json["policy"] as? [String: Any])
            #expect(policy["preset"] as? String == "strict" && policy["customised"] as? Bool == true)
            #expect((policy["checks"] as? [String: Bool])?["eyes_closed"] == false)
            #expect((policy["checks"] as? [String: Bool])?["phone"] == true)
            let thresholds = try #require(policy["thresholds"] as? [String: Double])
            #expect(thresholds["no_face_seconds"] == 20, "given")
            #expect(thresholds["looking_away_seconds"] == 3, "strict's own value")
            #expect((policy["prices"] as? [String: [String: Double]])?["tab_hidden"]?["per_event"] == 7.5, "strict costs 1.5 times the standard 5")
            let list = try await client.send("GET", "/api/sessions", token: ServerProcess.adminKey)
            let row = try #require((list.json["sessions"] as? [[String: Any]])?.first)
            #expect(row["policy"] as? String == "strict, customised")
        }
    }

    @Test("a page-reported event of a disabled check gets 422 check_disabled and is not stored; other kinds still are")
    func disabledCheckRefusesEvents() async throws {
        try await withServer { _, client in
            let session = try await Self.session(client, policy: ["checks": ["copy_paste": false, "phone": false]])
            let refused = try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.candidate, json: ["kind": "copy_paste"])
            #expect(refused.status == 422)
            #expect(refused.errorCode == "check_disabled", "\(refused.text)")
            #expect(refused.errorMessage?.contains("copy_paste") == true)
            let byProctor = try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.proctor, json: ["kind": "phone"])
            #expect(byProctor.errorCode == "check_disabled", "a proctor cannot add a disabled kind either: \(byProctor.text)")
            let accepted = try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.candidate, json: ["kind": "tab_hidden"])
            #expect(accepted.status == 201)
            let report = try await client.send("GET", "/api/sessions/\(session.id)", token: session.interviewer)
            #expect((report.json["events"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["tab_hidden"])
        }
    }

    @Test("the score uses the session's prices: two tab switches at 20 points each leave 60")
    func customPrices() async throws {
        try await withServer { _, client in
            let session = try await Self.session(client, policy: ["prices": ["tab_hidden": ["per_event": 20, "cap": 50]]])
            for _ in 0..<2 {
                #expect(try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.candidate, json: ["kind": "tab_hidden"]).status == 201)
            }
            let ended = try await client.send("PUT", "/api/sessions/\(session.id)/end", token: session.interviewer)
            #expect(ended.json["score"] as? Double == 60, "\(ended.text)")
            #expect(ended.json["verdict"] as? String == "review")
            let list = try await client.send("GET", "/api/sessions", token: ServerProcess.adminKey)
            #expect((list.json["sessions"] as? [[String: Any]])?.first?["score"] as? Double == 60, "the list scores with the same prices")
            let standard = try await TestSession.create(client)
            for _ in 0..<2 { _ = try await client.send("POST", "/api/sessions/\(standard.id)/events", token: standard.candidate, json: ["kind": "tab_hidden"]) }
            let other = try await client.send("GET", "/api/sessions/\(standard.id)", token: standard.interviewer)
            #expect(other.json["score"] as? Double == 90, "another session keeps the standard 5 per event")
        }
    }

    @Test("the JSON, CSV, HTML and PDF reports carry the policy that judged the session")
    func policyInEveryFormat() async throws {
        try await withServer { _, client in
            let session = try await Self.session(client, policy: ["preset": "lenient", "checks": ["copy_paste": false], "thresholds": ["no_face_seconds": 7]])
            #expect(try await client.send("POST", "/api/sessions/\(session.id)/events", token: session.candidate, json: ["kind": "tab_hidden"]).status == 201)
            _ = try await client.send("PUT", "/api/sessions/\(session.id)/end", token: session.interviewer)

            let json = try await client.send("GET", "/api/sessions/\(session.id)?format=json", token: session.interviewer)
            let policy = try #require(json.json["policy"] as? [String: Any])
            #expect((policy["thresholds"] as? [String: Double])?["no_face_seconds"] == 7)
            #expect((policy["checks"] as? [String: Bool])?["copy_paste"] == false)
            // lenient costs half: tab_hidden 2.5
            #expect(json.json["score"] as? Double == 97.5, "\(json.text.prefix(400))")

            let csv = CSVTable(try await client.send("GET", "/api/sessions/\(session.id)?format=csv", token: session.interviewer).text)
            let row = try #require(csv.records.first)
            let name = try #require(csv.header.firstIndex(of: "policy_name"))
            let full = try #require(csv.header.firstIndex(of: "policy"))
            #expect(row[name] == "lenient, customised")
            let fromCSV = try #require(try JSONSerialization.jsonObject(with: Data(row[full].utf8)) as? [String: Any])
            #expect((fromCSV["thresholds"] as? [String: Double])?["no_face_seconds"] == 7)
            #expect((fromCSV["checks"] as? [String: Bool])?["copy_paste"] == false && (fromCSV["checks"] as? [String: Bool])?["window_blur"] == false)

            let html = try await client.send("GET", "/api/sessions/\(session.id)?format=html", token: session.interviewer).text
            #expect(html.contains("<b id=\"policy-preset\">lenient</b> (customised)"))
            #expect(html.contains("<span id=\"policy-disabled\">eyes_closed, window_blur, fullscreen_exit, copy_paste</span>"), "disabled checks listed")
            #expect(html.contains("data-threshold=\"no_face_seconds\" class=\"changed\">no_face_seconds 7*"))

            let pdf = try await client.send("GET", "/api/sessions/\(session.id)?format=pdf", token: session.interviewer)
            #expect(pdf.status == 200, "\(pdf.text.prefix(300))")
            let text = try ReportExportTests.pdfText(pdf.body)
            #expect(text.contains("Preset lenient (customised)"), "\(text.prefix(800))")
            #expect(text.contains("Checks turned off: eyes_closed, window_blur, fullscreen_exit, copy_paste"), "\(text.prefix(1200))")
            #expect(text.contains("no_face_seconds 7*"))
        }
    }

    @Test("the consent text names only the enabled checks, says when the call is not recorded and how long it is kept")
    func consentFollowsPolicy() async throws {
        try await withServer(environment: ["VIGIL_RETENTION_DAYS": "30"]) { _, client in
            let strict = try await Self.session(client, policy: ["checks": ["phone": false, "copy_paste": false]], record: false)
            let consent = try await client.send("GET", "/api/sessions/\(strict.id)/consent", token: strict.candidate)
            #expect(consent.status == 200, "\(consent.text)")
            let text = ((consent.json["paragraphs"] as? [String]) ?? []).joined(separator: "\n")
            #expect(!text.contains("a phone in view"), "the phone check is off: \(text)")
            #expect(!text.contains("copy or paste"), "\(text)")
            #expect(text.contains("leave the interview tab"), "\(text)")
            #expect(text.contains("This interview is not recorded"), "\(text)")
            #expect(text.contains("deleted 30 days after the interview ends"), "\(text)")
            #expect(consent.json["recorded"] as? Bool == false)
            #expect(consent.json["retention_days"] as? Int == 30)

            let standard = try await TestSession.create(client)
            let usual = try await client.send("GET", "/api/sessions/\(standard.id)/consent", token: standard.candidate)
            let usualText = ((usual.json["paragraphs"] as? [String]) ?? []).joined(separator: "\n")
            #expect(usualText.contains("a phone in view"), "\(usualText)")
            #expect(usualText.contains("copy or paste"))
            #expect(usualText.contains("The call is recorded as it arrives"))
        }
    }
}
