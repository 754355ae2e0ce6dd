import Foundation

/// Test media, made with ffmpeg into one temporary folder per test run (never committed), and
/// the shared clips and photos of `../shared/media`.
enum TestMedia {
    static let repository: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
            folder = folder.deletingLastPathComponent()
        }
        return folder
    }()

    static var shared: URL { repository.deletingLastPathComponent().appendingPathComponent("shared/media") }

    static func sharedFile(_ relative: String) -> String { shared.appendingPathComponent(relative).path }

    static var gazeLeftClip: String { sharedFile("video/gaze_center_left_center_15s.mp4") }
    static var gazeRightClip: String { sharedFile("video/gaze_center_right_center_15s.mp4") }

    static var models: String {
        if let folder = ProcessInfo.processInfo.environment["VIGIL_MODELS"], !folder.isEmpty { return folder }
        return repository.appendingPathComponent("models").path
    }

    /// This run's folder, removed when the test process exits.
    static let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-analyze-media-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestMedia.folder) }
        return url
    }()

    /// Serialises making files so that parallel tests asking for the same file make it once.
    private static let lock = NSLock()

    /// The path of `name` in the media folder, made by `build(path)` the first time.
    static func made(_ name: String, _ build: (String) throws -> Void) throws -> String {
        try lock.withLock {
            let path = folder.appendingPathComponent(name).path
            if !FileManager.default.fileExists(atPath: path) {
                let partial = path + ".partial." + URL(fileURLWithPath: name).pathExtension
                try build(partial)
                try FileManager.default.moveItem(atPath: partial, toPath: path)
            }
            return path
        }
    }

    /// Runs ffmpeg quietly; throws with its error output when it fails.
    static func ffmpeg(_ arguments: [String]) throws {
        let result = try run("/usr/bin/ffmpeg", ["-v", "error", "-nostdin", "-y"] + arguments)
        guard result.status == 0 else { throw ToolFailure(tool: "ffmpeg", arguments: arguments, output: result.errorOutput) }
    }

    /// Frames ffprobe counts by decoding the video stream.
    static func frameCount(_ path: String) throws -> Int {
        let result = try run("/usr/bin/ffprobe", ["-v", "error", "-count_frames", "-select_streams", "v:0",
                                                  "-show_entries", "stream=nb_read_frames", "-of", "default=noprint_wrappers=1:nokey=1", path])
        // Side data (a rotation matrix) may add lines; the count is the first.
        let firstLine = result.output.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard result.status == 0, let count = Int(firstLine.trimmingCharacters(in: .whitespaces)) else {
            throw ToolFailure(tool: "ffprobe", arguments: [path], output: result.errorOutput)
        }
        return count
    }

    /// ffmpeg's own upright decoding of the first frame as packed BGR, to compare against.
    static func firstFrameBGR(_ path: String) throws -> [UInt8] {
        let result = try run("/usr/bin/ffmpeg", ["-v", "error", "-nostdin", "-i", path, "-frames:v", "1",
                                                 "-f", "rawvideo", "-pix_fmt", "bgr24", "-"], binaryOutput: true)
        guard result.status == 0 else { throw ToolFailure(tool: "ffmpeg", arguments: [path], output: result.errorOutput) }
        return result.bytes
    }

    struct Result {
        var status: Int32
        var bytes: [UInt8]
        var errorOutput: String
        var output: String { String(decoding: bytes, as: UTF8.self) }
    }

    static func run(_ executable: String, _ arguments: [String], binaryOutput: Bool = false) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read both pipes to the end before waiting, so a full pipe never blocks the tool.
        let errorData = ErrorCollector(errors.fileHandleForReading)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, bytes: [UInt8](data), errorOutput: errorData.text())
    }

    struct ToolFailure: Error, CustomStringConvertible {
        var tool: String
        var arguments: [String]
        var output: String
        var description: String { "\(tool) \(arguments.joined(separator: " ")) failed: \(output)" }
    }
}

/// Drains a pipe on a background thread.
final class ErrorCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func text() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}
