import Foundation

/// The candidate's fake camera for the pre-check test, made at test time from the shared photos
/// (never committed, ≈ 140 MB): 30 s at 640x480@10 — 0–15 s `empty/coffee_cup_no_person.png`
/// (an empty room), 15–30 s `faces/frontal/grace_hopper_frontal.jpg` (one well-lit face).
/// Chromium starts it when the camera opens and loops it.
enum PreCheckCamera {
    static let faceAppears = 15.0

    static var file: URL {
        get throws {
            let output = TestMedia.folder.appendingPathComponent("precheck-empty-then-face-30s.y4m")
            if FileManager.default.fileExists(atPath: output.path) { return output }
            try FileManager.default.createDirectory(at: TestMedia.folder, withIntermediateDirectories: true)
            let media = VigilServerProcess.repository.deletingLastPathComponent().appendingPathComponent("shared/media")
            func still(_ photo: String) -> [String] {
                ["-loop", "1", "-framerate", "10", "-t", "15", "-i", media.appendingPathComponent(photo).path]
            }
            let fit = "scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2:color=0x808080,setsar=1,fps=10,format=yuv420p"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
            process.arguments = ["-v", "error", "-nostdin", "-y"]
                + still("empty/coffee_cup_no_person.png") + still("faces/frontal/grace_hopper_frontal.jpg")
                + ["-filter_complex", "[0]\(fit)[a];[1]\(fit)[b];[a][b]concat=n=2:v=1:a=0[v]",
                   "-map", "[v]", "-pix_fmt", "yuv420p", output.path + ".part.y4m"]
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw TestFailure("ffmpeg could not make \(output.lastPathComponent)") }
            try FileManager.default.moveItem(atPath: output.path + ".part.y4m", toPath: output.path)
            return output
        }
    }
}
