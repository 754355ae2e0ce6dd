import Foundation

/// A fake camera whose lips move: the candidate's photo with its mouth region (90x46 px at
/// 285,195 of the 640x480 frame) stretched and squeezed vertically four times a second (0.6–1.8
/// of its height), made with ffmpeg at test time. Not a real talking clip (the shared media has
/// none): the face mesh reads its mouth opening swinging between about 0.15 and 0.24 (`vigil
/// detect` on its frames), beyond `RuleThresholds.lipsStillBelow`.
enum TalkingCamera {
    static var file: URL {
        get throws {
            let output = TestMedia.folder.appendingPathComponent("talking-candidate-4s.y4m")
            if FileManager.default.fileExists(atPath: output.path) { return output }
            try FileManager.default.createDirectory(at: TestMedia.folder, withIntermediateDirectories: true)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
            process.arguments = [
                "-loglevel", "error", "-y", "-loop", "1", "-i", TestMedia.photos.appendingPathComponent("curly_hair_man_frontal.jpg").path,
                "-filter_complex",
                "[0]scale=640:480:force_original_aspect_ratio=increase,crop=640:480,split[a][b];"
                    + "[b]crop=90:46:285:195,scale=w=90:h='2*trunc(23*(1.2+0.6*sin(2*PI*4*t)))':eval=frame[m];"
                    + "[a][m]overlay=x=285:y='218-overlay_h/2':eval=frame,drawbox=x='mod(t*200,600)':y=10:w=40:h=40:color=red:t=fill",
                "-r", "30", "-t", "4", "-pix_fmt", "yuv420p", output.path + ".part.y4m",
            ]
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw TestFailure("ffmpeg could not make \(output.lastPathComponent)") }
            try FileManager.default.moveItem(atPath: output.path + ".part.y4m", toPath: output.path)
            return output
        }
    }
}
