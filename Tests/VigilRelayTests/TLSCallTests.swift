import Foundation
import Testing

extension RelayBrowserTests {
    /// Built-in TLS: `vigil serve` with VIGIL_TLS_CERT / VIGIL_TLS_KEY serves the pages over
    /// https: and the signaling over wss: on one port, and two Chromium pages (told to accept
    /// the self-signed certificate) complete a call through it.
    @Suite(.serialized) struct TLSCallTests {
        @Test(.timeLimit(.minutes(2))) func callCompletesOverHTTPSAndWSS() async throws {
            let certificate = try TestCertificate.make()
            defer { certificate.remove() }
            try await withRelay(environment: ["VIGIL_TLS_CERT": certificate.certificate.path, "VIGIL_TLS_KEY": certificate.key.path]) { relay in
                relay.browserArguments = ["--ignore-certificate-errors"]
                let server = relay.server
                #expect(server.scheme == "https", "the server says it listens on https://")

                // The port speaks TLS only: plain HTTP gets no answer.
                let plain = try TestCertificate.curl("GET", "http://127.0.0.1:\(server.port)/healthz")
                #expect(plain.status == 0, "plain HTTP answered \(plain.status)")

                let created = try TestCertificate.curl("POST", "\(server.baseURL)/api/sessions", token: VigilServerProcess.adminKey,
                                                       json: #"{"candidate_name": "Ada Lovelace", "interviewer_name": "Grace Hopper"}"#)
                #expect(created.status == 201)
                let answer = try #require(try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: Any])
                let session = InterviewLinks(id: try #require(answer["id"] as? String), links: try #require(answer["links"] as? [String: String]))
                #expect(session.link(.candidate).hasPrefix("https://127.0.0.1:\(server.port)/join/candidate?"), "join links use https")

                // Both pages decode each other's video: the signaling socket (wss:, the only
                // thing this port speaks) and the relay worked.
                guard let call = try await relay.startCall(session) else { return }
                for page in [call.candidate, call.interviewer] {
                    #expect(try await page.evaluate("location.protocol") as? String == "https:")
                    #expect(try await page.evaluate("window.isSecureContext") as? Bool == true)
                }
                let sockets = try await call.candidate.evaluate("""
                    performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.startsWith('wss:') || n.startsWith('ws:'))
                    """) as? [String]
                if let sockets, !sockets.isEmpty { #expect(sockets.allSatisfy { $0.hasPrefix("wss:") }) }
                // A proctor joins too: the analysis rate is the proctor's figure, shown on its page.
                let proctor = try await relay.join(.proctor, session)
                let rated = try await relay.waitFor("the proctor page shows the analysis rate", timeout: 20) {
                    let text = try await proctor.evaluate("document.querySelector('#analysis').textContent") as? String ?? ""
                    return text.range(of: #"^analysis \d+\.\d fps$"#, options: .regularExpression) != nil
                }
                if !rated { Issue.record("proctor #analysis: \(await proctor.pageLog())") }
                #expect(try await call.interviewer.evaluate("document.querySelector('#analysis') === null") as? Bool == true)
                let watching = try await relay.waitFor("the proctor decodes the call", timeout: 20) { try await proctor.stats().framesDecoded > 10 }
                #expect(watching)
                try await DevToolsSteps.screenshot(browserURL: proctor.devToolsURL, width: 1280, height: 800,
                                                   to: DevToolsSteps.screenshotFile("proctor-tls-1280x800.png"))
                try await DevToolsSteps.screenshot(browserURL: call.interviewer.devToolsURL, width: 1280, height: 800,
                                                   to: DevToolsSteps.screenshotFile("interviewer-tls-1280x800.png"))
                try await DevToolsSteps.screenshot(browserURL: call.candidate.devToolsURL, width: 390, height: 844, mobile: true,
                                                   to: DevToolsSteps.screenshotFile("candidate-tls-390x844.png"))
            }
        }
    }
}

/// The certificate is re-read on SIGHUP: new handshakes present the renewed one, and a renewal
/// that cannot be read leaves the previous one in use.
@Suite("TLS certificate reload on SIGHUP") struct TLSCertificateReloadTests {
    @Test(.timeLimit(.minutes(1))) func hangupReloadsTheCertificate() async throws {
        let certificate = try TestCertificate.make(name: "first")
        defer { certificate.remove() }
        let first = try certificate.fileFingerprint
        let server = VigilServerProcess(environment: ["VIGIL_TLS_CERT": certificate.certificate.path, "VIGIL_TLS_KEY": certificate.key.path])
        defer { server.stop(); server.removeFiles() }
        try await server.start()
        #expect(try TestCertificate.servedFingerprint(port: server.port) == first)

        try certificate.issue(name: "second")
        let second = try certificate.fileFingerprint
        #expect(second != first)
        kill(server.pid, SIGHUP)
        var served = ""
        for _ in 0..<50 {
            served = try TestCertificate.servedFingerprint(port: server.port)
            if served == second { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(served == second, "after SIGHUP the renewed certificate is served")
        #expect(server.log.contains("TLS certificate reloaded"))

        // A half-written renewal (garbage in the certificate file) is refused and logged; the
        // server keeps presenting the last good certificate.
        try Data("not a certificate".utf8).write(to: certificate.certificate)
        kill(server.pid, SIGHUP)
        var refused = false
        for _ in 0..<50 where !refused {
            refused = server.log.contains("TLS certificate not reloaded")
            if !refused { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(refused, "the failed reload is logged")
        #expect(try TestCertificate.servedFingerprint(port: server.port) == second)
        #expect(kill(server.pid, 0) == 0, "the server is still running")
    }
}
