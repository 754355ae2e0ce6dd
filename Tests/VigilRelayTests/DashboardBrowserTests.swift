import Foundation
import Testing

extension RelayBrowserTests {
    /// The start page as an operator uses it, in headless Chromium: sign in with the admin key,
    /// see the sessions, create one, copy its candidate link with one click, watch the row update.
    @Suite(.serialized) struct DashboardBrowserTests {
        @Test(.timeLimit(.minutes(2))) func dashboardListsSessionsAndCopiesALink() async throws {
            try await withRelay { relay in
                let server = relay.server
                let earlier = try await server.createSession()
                let browser = HeadlessChromium(name: "dashboard")
                defer { browser.close() }
                try await browser.open(server.baseURL + "/", camera: nil)
                #expect(try await browser.evaluate("window.vigil.state") as? String == "signed-out")

                // A wrong key is refused and nothing is stored.
                _ = try await browser.evaluate("""
                    document.querySelector('#key').value = 'not-the-admin-key-at-all';
                    document.querySelector('#signin-form').requestSubmit(); true
                    """)
                let refused = try await relay.waitFor("a wrong key is refused", timeout: 10) {
                    (try await browser.evaluate("document.querySelector('#status').textContent") as? String ?? "").contains("refused")
                }
                #expect(refused)
                #expect(try await browser.evaluate("sessionStorage.getItem('vigil.adminKey')") is NSNull)

                // Signed in, the page lists the session that already exists.
                _ = try await browser.evaluate("""
                    document.querySelector('#key').value = '\(VigilServerProcess.adminKey)';
                    document.querySelector('#signin-form').requestSubmit(); true
                    """)
                let listed = try await relay.waitFor("the existing session is listed", timeout: 10) {
                    try await browser.evaluate("Boolean(document.querySelector('tr[data-session=\"\(earlier.id)\"]'))") as? Bool == true
                }
                if !listed { Issue.record("listed: \(await browser.pageLog())") }
                #expect(try await browser.evaluate("sessionStorage.getItem('vigil.adminKey')") as? String == VigilServerProcess.adminKey)
                #expect(try await browser.evaluate("localStorage.length") as? Int == 0, "the key is kept in session storage only")
                let earlierRow = try await browser.evaluate("""
                    [...document.querySelector('tr[data-session="\(earlier.id)"]').cells].slice(0, 7).map((c) => c.textContent)
                    """) as? [String]
                #expect(earlierRow == ["Ada Lovelace", "Grace Hopper", "—", "created", "100", "clear", "0"])

                // Create a session from the page: it appears first, with copy buttons.
                _ = try await browser.evaluate("""
                    document.querySelector('#candidate').value = 'Katherine Johnson';
                    document.querySelector('#interviewer').value = 'Dorothy Vaughan';
                    document.querySelector('#title').value = 'Orbital mechanics';
                    document.querySelector('#create').requestSubmit(); true
                    """)
                let created = try await relay.waitFor("the new session is listed first", timeout: 10) {
                    try await browser.evaluate("document.querySelector('#sessions tbody tr')?.cells[0].textContent") as? String == "Katherine Johnson"
                }
                if !created { Issue.record("created: \(await browser.pageLog())") }
                let newID = try #require(try await browser.evaluate("document.querySelector('#sessions tbody tr').dataset.session") as? String)
                #expect(newID != earlier.id)

                // One click copies the candidate link to the clipboard (read back through the
                // browser's clipboard with the permission granted, as a person pasting it would).
                let results = try await DevToolsSteps.run([
                    .init(method: "Browser.grantPermissions", params: ["origin": server.baseURL, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]], onPage: false),
                    .init(method: "Emulation.setFocusEmulationEnabled", params: ["enabled": true]),
                    DevToolsSteps.evaluate("""
                        (async () => {
                          document.querySelector('tr[data-session="\(newID)"] button[data-action="copy-candidate"]').click();
                          for (let i = 0; i < 50 && !window.vigil.copied; i++) await new Promise((r) => setTimeout(r, 100));
                          return navigator.clipboard.readText();
                        })()
                        """, userGesture: true),
                ], browserURL: browser.devToolsURL)
                let pasted = try #require(try DevToolsSteps.value(results[2]) as? String)
                #expect(pasted.hasPrefix("\(server.baseURL)/join/candidate?session=\(newID)&token="), "pasted: \(pasted)")
                #expect(try await browser.evaluate("document.querySelector('#status').textContent") as? String == "Copied the candidate link for Katherine Johnson.")

                // The pasted link's token is the candidate's: an event posted with it is taken,
                // and the polled row shows the event and the deduction without a reload.
                let token = try #require(URLComponents(string: pasted)?.queryItems?.first { $0.name == "token" }?.value)
                let posted = try await server.request("POST", "/api/sessions/\(newID)/events", token: token, json: ["kind": "tab_hidden"])
                #expect(posted.status == 201)
                let updated = try await relay.waitFor("the row shows the event and the score", timeout: 10) {
                    try await browser.evaluate("""
                        [...document.querySelector('tr[data-session="\(newID)"]').cells].slice(3, 7).map((c) => c.textContent).join('|')
                        """) as? String == "created|95|clear|1"
                }
                if !updated { Issue.record("updated: \(await browser.pageLog())") }

                // Screenshots for a person to look at: desktop and phone-sized.
                try await DevToolsSteps.screenshot(browserURL: browser.devToolsURL, width: 1280, height: 800, to: DevToolsSteps.screenshotFile("dashboard-1280x800.png"))
                try await DevToolsSteps.screenshot(browserURL: browser.devToolsURL, width: 390, height: 844, mobile: true, to: DevToolsSteps.screenshotFile("dashboard-390x844.png"))

                // Ending from the page (the confirmation accepted) ends it on the server.
                _ = try await browser.evaluate("""
                    window.confirm = () => true;
                    document.querySelector('tr[data-session="\(newID)"] button[data-action="end"]').click(); true
                    """)
                let ended = try await relay.waitFor("the row shows the session ended", timeout: 10) {
                    try await browser.evaluate("document.querySelector('tr[data-session=\"\(newID)\"]').cells[3].textContent") as? String == "ended"
                }
                if !ended { Issue.record("ended: \(await browser.pageLog())") }
                let report = try await server.request("GET", "/api/sessions/\(newID)", token: VigilServerProcess.adminKey)
                #expect(report.json["status"] as? String == "ended")
            }
        }
    }
}
