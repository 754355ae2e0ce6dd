import Foundation
import Testing

/// A server and the browsers of one test, all stopped in `close()`, with helpers to join pages
/// and wait for media.
final class RelayFixture: @unchecked Sendable {
    let server: VigilServerProcess
    private(set) var browsers: [HeadlessChromium] = []
    /// Flags every browser of this fixture starts with.
    var browserArguments: [String] = []

    /// `environment` is added to the server's (see `VigilServerProcess`).
    init(environment: [String: String] = [:]) {
        server = VigilServerProcess(environment: environment)
    }

    /// Browsers on a server the test started itself (one node of several, ClusterTests).
    init(server: VigilServerProcess) {
        self.server = server
    }

    func start() async throws { try await server.start() }

    /// Opens a role's join link in a new headless Chromium; the candidate ticks the consent box
    /// and presses Join, as a person would.
    func join(_ role: Role, _ session: InterviewLinks, name: String? = nil, camera chosen: URL? = nil, microphone: URL? = nil) async throws -> HeadlessChromium {
        let browser = HeadlessChromium(name: name ?? role.rawValue)
        browser.extraArguments = browserArguments
        browsers.append(browser)
        let camera: URL? = switch role {
        case _ where chosen != nil: chosen
        case .candidate: try TestMedia.candidateCamera
        case .interviewer: try TestMedia.interviewerCamera
        case .proctor: nil
        }
        try await browser.open(session.link(role), camera: camera, microphone: microphone)
        if role == .candidate { try await pressJoin(browser) }
        return browser
    }

    /// Ticks consent and presses Join once the camera preview is ready.
    func pressJoin(_ browser: HeadlessChromium) async throws {
        let ready = try await waitFor("\(browser.name): join button enabled after the preview", timeout: 15) {
            try await browser.evaluate("""
                (() => { const c = document.querySelector('#consent'); if (!c.checked) c.click();
                         const j = document.querySelector('#join'); return !j.disabled; })()
                """) as? Bool == true
        }
        #expect(ready)
        _ = try await browser.evaluate("document.querySelector('#join').click(); true")
    }

    /// Joins the candidate and the interviewer and waits until each decodes the other's video;
    /// nil (with the diagnostics recorded as an issue) when the call does not come up.
    func startCall(_ session: InterviewLinks) async throws -> (candidate: HeadlessChromium, interviewer: HeadlessChromium)? {
        let candidate = try await join(.candidate, session)
        let interviewer = try await join(.interviewer, session)
        let up = try await waitFor("both decode each other", timeout: 25) {
            let (i, c) = (try await interviewer.stats(), try await candidate.stats())
            return i.framesDecoded > 30 && c.framesDecoded > 30
        }
        if !up { Issue.record("the call did not come up\n\(await diagnostics())") }
        return up ? (candidate, interviewer) : nil
    }

    /// Polls `condition` every 100 ms; true if it held before `timeout` seconds.
    func waitFor(_ what: String, timeout: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// Seconds until `browser` decodes new video frames (framesDecoded grows by `frames`).
    func secondsUntilFrames(_ browser: HeadlessChromium, frames: Double = 3, timeout: Double) async throws -> Double? {
        let start = Date()
        let before = try await browser.stats().framesDecoded
        let flowed = try await waitFor("\(browser.name) decodes frames", timeout: timeout) {
            try await browser.stats().framesDecoded >= before + frames
        }
        return flowed ? Date().timeIntervalSince(start) : nil
    }

    /// Everything a failing test should show.
    func diagnostics() async -> String {
        var text = "server log:\n\(server.log)\n"
        for browser in browsers {
            text += "\n\(browser.name) page log:\n\(await browser.pageLog())\n"
            if let stats = try? await browser.stats() { text += "\(browser.name) stats: \(stats.raw)\n" }
        }
        return text
    }

    /// A headless Chromium without a camera on any page of this server (e.g. the review page).
    func open(_ path: String, name: String) async throws -> HeadlessChromium {
        let browser = HeadlessChromium(name: name)
        browsers.append(browser)
        try await browser.open(server.baseURL + path, camera: nil)
        return browser
    }

    /// Closes every browser opened so far (the server keeps running).
    func closeBrowsers() {
        browsers.forEach { $0.close() }
        browsers = []
    }

    func close() {
        browsers.forEach { $0.close() }
        browsers = []
        server.stop()
        server.removeFiles()
    }
}

/// Runs `body` with a started fixture and always closes it.
func withRelay<T>(environment: [String: String] = [:], _ body: (RelayFixture) async throws -> T) async throws -> T {
    let fixture = RelayFixture(environment: environment)
    defer { fixture.close() }
    try await fixture.start()
    do {
        return try await body(fixture)
    } catch {
        Issue.record("\(error)\n\(await fixture.diagnostics())")
        throw error
    }
}

/// Every suite that starts a server and headless Chromium instances is nested in this one, so
/// they run one after another (swift-testing runs separate suites in parallel, and two calls of
/// two browsers each on a 2-core machine starve each other): filter by the nested suite's name,
/// e.g. `swift test --skip-build --filter RelayEndToEndTests`.
@Suite(.serialized) struct RelayBrowserTests {}
