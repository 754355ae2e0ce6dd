import Foundation
import Testing

/// Files that are not usable recordings end `vigil analyze` with a message naming the file and
/// the problem and a non-zero exit, never a crash, a hang or a half-written report.
extension AnalyzeEndToEnd {
    @Suite("bad files")
    struct BadFiles {
        struct Case: Sendable, CustomTestStringConvertible {
            var name: String
            var message: String
            var make: @Sendable () throws -> String
            var testDescription: String { name }
        }

        static let cases = [
            Case(name: "missing", message: "no such file") {
                TestMedia.folder.appendingPathComponent("never-recorded.mp4").path
            },
            Case(name: "text", message: "is not a video") {
                try TestMedia.made("cli-notes.txt") { path in
                    try Data("not a recording\n".utf8).write(to: URL(fileURLWithPath: path))
                }
            },
            Case(name: "jpeg", message: "is a still image") {
                try TestMedia.made("cli-photo.jpg") { path in
                    try FileManager.default.copyItem(atPath: TestMedia.sharedFile("faces/frontal/grace_hopper_frontal.jpg"), toPath: path)
                }
            },
            Case(name: "truncated", message: "is damaged or truncated") {
                let whole = try TestMedia.made("cli-whole.mp4") { path in
                    try TestMedia.ffmpeg(["-i", TestMedia.gazeLeftClip, "-t", "3", "-vf", "scale=-2:320", "-c:v", "libx264",
                                          "-preset", "veryfast", "-an", path])
                }
                return try TestMedia.made("cli-cut.mp4") { path in
                    let bytes = try Data(contentsOf: URL(fileURLWithPath: whole))
                    try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
                }
            },
        ]

        @Test("a clear error and a non-zero exit", arguments: cases)
        func refused(_ bad: Case) throws {
            let file = try bad.make()
            let started = Date()
            let run = try AnalyzeRun.analyze(file, ["--quiet"], timeoutSeconds: 120)
            #expect(Date().timeIntervalSince(started) < 120)
            #expect(!run.crashedOrKilled, "ended by a signal: \(run.errorOutput)")
            #expect(run.status != 0)
            #expect(run.errorOutput.contains(file), "\(run.errorOutput)")
            #expect(run.errorOutput.contains(bad.message), "\(run.errorOutput)")
            #expect(run.output.isEmpty, "a report was printed for a bad file")
        }
    }
}
