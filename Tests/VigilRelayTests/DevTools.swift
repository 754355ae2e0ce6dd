import Foundation

/// Reads a page's state through Chromium's DevTools protocol on the browser endpoint named in
/// the profile's DevToolsActivePort file: one short WebSocket per evaluation (find the page
/// target, attach, `Runtime.evaluate` with `awaitPromise` and `returnByValue`, through
/// `DevToolsSteps`), so no connection state can go stale between polls. (FoundationNetworking
/// cannot read Chromium's /json/list.)
enum DevTools {
    /// Evaluates `expression` in the page; promises are awaited; the value comes back as JSON.
    static func evaluate(_ expression: String, browserURL: String) async throws -> Any? {
        let results = try await DevToolsSteps.run([DevToolsSteps.evaluate(expression)], browserURL: browserURL,
                                                  timeout: .seconds(15))
        guard let result = results.first else { throw TestFailure("DevTools gave no result for \(expression.prefix(80))") }
        return try DevToolsSteps.value(result)
    }
}
