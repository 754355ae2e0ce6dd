import Foundation

/// Fake camera files, made at test time from the photos in ../shared/media (never committed):
/// 640x480, 30 fps, yuv420p y4m, with a moving block so every frame differs. Chromium loops them.
enum TestMedia {
    static let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-relay-media")

    static var photos: URL {
        VigilServerProcess.repository.deletingLastPathComponent().appendingPathComponent("shared/media/faces/frontal")
    }

    /// A y4m of `seconds` seconds from the named photo (made once per test process).
    static func camera(photo: String, seconds: Int = 4) throws -> URL {
        let output = folder.appendingPathComponent("\(photo.split(separator: ".").first ?? "camera")-\(seconds)s.y4m")
        if FileManager.default.fileExists(atPath: output.path) { return output }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        process.arguments = [
            "-loglevel", "error", "-y", "-loop", "1", "-i", photos.appendingPathComponent(photo).path,
            "-vf", "scale=640:480:force_original_aspect_ratio=increase,crop=640:480,drawbox=x='mod(t*200,600)':y=10:w=40:h=40:color=red:t=fill",
            "-r", "30", "-t", String(seconds), "-pix_fmt", "yuv420p", output.path + ".part.y4m",
        ]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("ffmpeg could not make \(output.lastPathComponent)") }
        try FileManager.default.moveItem(atPath: output.path + ".part.y4m", toPath: output.path)
        return output
    }

    static var candidateCamera: URL { get throws { try camera(photo: "curly_hair_man_frontal.jpg") } }
    static var interviewerCamera: URL { get throws { try camera(photo: "astronaut_eileen_collins_frontal.png") } }
}
