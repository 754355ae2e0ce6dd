import Foundation

/// A fake camera with a burned-in frame counter, made at test time: 320x240, 10 fps, 40 s
/// (Chromium loops it), each frame's number written as 10 big black / white blocks across the
/// top (bit 9 first), which survive VP8 at any bitrate, so a page can read which camera frame a
/// `<video>` shows (`readScript`).
enum CounterCamera {
    static let width = 320, height = 240, framesPerSecond = 10, frames = 400, bits = 10

    static var file: URL {
        get throws {
            let output = TestMedia.folder.appendingPathComponent("counter-\(frames).y4m")
            if FileManager.default.fileExists(atPath: output.path) { return output }
            try FileManager.default.createDirectory(at: TestMedia.folder, withIntermediateDirectories: true)
            var data = Data("YUV4MPEG2 W\(width) H\(height) F\(framesPerSecond):1 Ip A1:1 C420jpeg\n".utf8)
            let chroma = Data(repeating: 128, count: width * height / 2)
            for frame in 0..<frames {
                var luma = [UInt8](repeating: 128, count: width * height)
                for bit in 0..<bits {
                    let on = (frame >> (bits - 1 - bit)) & 1 == 1
                    let x0 = bit * width / bits
                    for y in 0..<(height / 4) {
                        for x in (x0 + 2)..<(x0 + width / bits - 2) { luma[y * width + x] = on ? 235 : 16 }
                    }
                }
                data.append(Data("FRAME\n".utf8))
                data.append(contentsOf: luma)
                data.append(chroma)
            }
            try data.write(to: URL(fileURLWithPath: output.path + ".part"))
            try FileManager.default.moveItem(atPath: output.path + ".part", toPath: output.path)
            return output
        }
    }

    /// JavaScript reading the counter from the `<video>` matched by `selector`: the frame
    /// number, or -1 when no picture is there yet.
    static func readScript(_ selector: String) -> String {
        """
        (() => {
          const video = document.querySelector('\(selector)');
          if (!video || video.readyState < 2 || !video.videoWidth) return -1;
          const canvas = document.createElement('canvas');
          canvas.width = video.videoWidth; canvas.height = video.videoHeight;
          const context = canvas.getContext('2d');
          context.drawImage(video, 0, 0);
          let number = 0;
          for (let bit = 0; bit < \(bits); bit++) {
            const x = Math.floor((bit + 0.5) * canvas.width / \(bits)), y = Math.floor(canvas.height / 8);
            const [r, g, b] = context.getImageData(x, y, 1, 1).data;
            number = number * 2 + ((r + g + b) / 3 > 128 ? 1 : 0);
          }
          return number;
        })()
        """
    }
}
