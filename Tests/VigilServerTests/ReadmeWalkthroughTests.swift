import Foundation
import Testing

@Suite("The README's curl walk-through works as written")
struct ReadmeWalkthroughTests {
    /// The first ```sh block after the "Walk-through with curl" heading.
    static func walkthrough() throws -> String {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("README.md").path) {
            folder = folder.deletingLastPathComponent()
        }
        let readme = try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "### Walk-through with curl"))
        let rest = readme[section.upperBound...]
        let open = try #require(rest.range(of: "```sh\n"))
        let close = try #require(rest[open.upperBound...].range(of: "```"))
        return String(rest[open.upperBound..<close.lowerBound])
    }

    @Test("create, post, end and both report formats succeed, and the score is 100 minus the documented deductions")
    func walkthroughRuns() async throws {
        let script = try Self.walkthrough()
        try await withServer { server, _ in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-euo", "pipefail", "-c", script]
            var environment = ProcessInfo.processInfo.environment
            environment["VIGIL"] = server.baseURL.absoluteString
            environment["VIGIL_ADMIN_KEY"] = ServerProcess.adminKey
            process.environment = environment
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let text = String(decoding: data, as: UTF8.self)
            #expect(process.terminationStatus == 0, "\(text)")
            #expect(text.contains(#""score": 75"#), "\(text)")
            #expect(text.contains(#""verdict": "review""#))
            #expect(text.contains("session_id,event_id,kind,source"))
            #expect(text.components(separatedBy: ",copy_paste,page,").count == 2)
        }
    }
}
