import Foundation

/// The candidate's fake cameras for the live identity check, made at test time from the shared
/// clips and photos (never committed; ≈ 550 MB and 420 MB): 640x480@30 y4m, each source scaled
/// to fit and padded mid grey, with `SceneCamera`'s 11-bit frame number strip at the bottom
/// left, so `SceneCamera.probe` reads which camera frame a page shows.
/// - `standIn` (40 s): 0–15 s the man of `video/gaze_center_left_center_15s.mp4` (moving,
///   talking, looking aside), 15–40 s `faces/frontal/man_glasses_frontal_blue_bg.jpg` (another man);
/// - `sameMan` (30 s): 0–15 s the same left-gaze clip, 15–30 s the right-gaze clip of the same
///   man, darker and warmer (`eq` brightness −0.15, gamma 0.8, red up): head turns and a change
///   of light, one person.
enum IdentityCamera {
    /// Camera second at which the stand-in takes the chair.
    static let change = 15.0

    static var standIn: URL {
        get throws {
            try make("identity-stand-in-40s.y4m",
                     inputs: ["-t", "15", "-i", shared("video/gaze_center_left_center_15s.mp4"),
                              "-loop", "1", "-framerate", "30", "-t", "25", "-i", shared("faces/frontal/man_glasses_frontal_blue_bg.jpg")],
                     graph: "[0:v]\(fit)[a];[1]\(fit)[b];[a][b]concat=n=2:v=1:a=0")
        }
    }

    static var sameMan: URL {
        get throws {
            try make("identity-same-man-30s.y4m",
                     inputs: ["-t", "15", "-i", shared("video/gaze_center_left_center_15s.mp4"),
                              "-t", "15", "-i", shared("video/gaze_center_right_center_15s.mp4")],
                     graph: "[0:v]\(fit)[a];[1:v]eq=brightness=-0.15:gamma=0.8:gamma_r=1.2,\(fit)[b];[a][b]concat=n=2:v=1:a=0")
        }
    }

    private static let fit = "scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2:color=0x808080,setsar=1,fps=30,format=yuv420p"

    private static func shared(_ relative: String) -> String {
        VigilServerProcess.repository.deletingLastPathComponent().appendingPathComponent("shared/media").appendingPathComponent(relative).path
    }

    /// Runs ffmpeg on `graph` (ending in one unlabelled video stream) and burns in the frame strip.
    private static func make(_ name: String, inputs: [String], graph: String) throws -> URL {
        let output = TestMedia.folder.appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: output.path) { return output }
        try FileManager.default.createDirectory(at: TestMedia.folder, withIntermediateDirectories: true)
        let bits = (0..<11).map { k in
            "drawbox=x=\(8 + 16 * k):y=456:w=16:h=16:color=white:t=fill:enable='eq(mod(floor(n/pow(2\\,\(k)))\\,2)\\,1)'"
        }.joined(separator: ",")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        process.arguments = ["-v", "error", "-nostdin", "-y"] + inputs
            + ["-filter_complex", "\(graph),drawbox=x=0:y=448:w=192:h=32:color=black:t=fill,\(bits)[v]",
               "-map", "[v]", "-r", "30", "-pix_fmt", "yuv420p", output.path + ".part.y4m"]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("ffmpeg could not make \(name)") }
        try FileManager.default.moveItem(atPath: output.path + ".part.y4m", toPath: output.path)
        return output
    }
}
