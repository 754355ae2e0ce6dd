import Foundation

/// The candidate's fake camera for the in-stream proctoring test, made at test time from the
/// shared photos (never committed, ≈ 550 MB): 40 s at 640x480@30,
/// - 0–12 s `faces/frontal/grace_hopper_frontal.jpg` (one face),
/// - 12–26 s `empty/coffee_cup_no_person.png` (no one),
/// - 26–34 s `objects/phone/woman_on_bus_phone_at_ear_head_turned.jpg` cropped so that her hand
///   holding the phone shows and her face does not (the crop `vigil analyze`'s scene test uses),
/// - 34–40 s `faces/several/couple_two_faces.jpg` (two faces).
/// Photos that do not fill 4:3 are padded with mid grey (not black: the overlay's banner is a
/// darkened band, and black bars would look like one).
///
/// Every frame carries its number in an 11-bit strip at the bottom left (white 16x16 blocks on
/// black, bit k at x = 8 + 16k, y = 456), so a page reading its video through a canvas knows
/// which camera frame it shows: Chromium plays the file when the camera opens, not when a test
/// thinks it does.
enum SceneCamera {
    static let width = 640, height = 480, fps = 30.0, seconds = 40.0
    static var frameCount: Int { Int(seconds * fps) }

    /// Scene boundaries in camera seconds.
    static let faceLeaves = 12.0, phoneAppears = 26.0, coupleAppears = 34.0

    static var file: URL {
        get throws {
            let output = TestMedia.folder.appendingPathComponent("scenes-framed-40s.y4m")
            if FileManager.default.fileExists(atPath: output.path) { return output }
            try FileManager.default.createDirectory(at: TestMedia.folder, withIntermediateDirectories: true)
            let media = VigilServerProcess.repository.deletingLastPathComponent().appendingPathComponent("shared/media")
            func still(_ photo: String, _ seconds: Int) -> [String] {
                ["-loop", "1", "-framerate", "30", "-t", String(seconds), "-i", media.appendingPathComponent(photo).path]
            }
            let fit = "scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2:color=0x808080,setsar=1,fps=30,format=yuv420p"
            let crop = "crop=300:225:130:95,scale=640:480,setsar=1,fps=30,format=yuv420p"
            let bits = (0..<11).map { k in
                "drawbox=x=\(8 + 16 * k):y=456:w=16:h=16:color=white:t=fill:enable='eq(mod(floor(n/pow(2\\,\(k)))\\,2)\\,1)'"
            }.joined(separator: ",")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
            process.arguments = ["-v", "error", "-nostdin", "-y"]
                + still("faces/frontal/grace_hopper_frontal.jpg", 12) + still("empty/coffee_cup_no_person.png", 14)
                + still("objects/phone/woman_on_bus_phone_at_ear_head_turned.jpg", 8) + still("faces/several/couple_two_faces.jpg", 6)
                + ["-filter_complex",
                   "[0]\(fit)[a];[1]\(fit)[b];[2]\(crop)[c];[3]\(fit)[d];[a][b][c][d]concat=n=4:v=1:a=0,"
                       + "drawbox=x=0:y=448:w=192:h=32:color=black:t=fill,\(bits)[v]",
                   "-map", "[v]", "-pix_fmt", "yuv420p", output.path + ".part.y4m"]
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw TestFailure("ffmpeg could not make \(output.lastPathComponent)") }
            try FileManager.default.moveItem(atPath: output.path + ".part.y4m", toPath: output.path)
            return output
        }
    }

    /// The page-side probe: draws the video element into a canvas and returns the frame number
    /// from the strip (nil when the strip is not readable), the page clock, the size, and the
    /// luma of `Band` sampled on its grid.
    static func probe(_ selector: String) -> String {
        """
        (() => { const v = document.querySelector('\(selector)'); if (!v || !v.videoWidth) return null;
          const c = (window.__probeCanvas ??= document.createElement('canvas'));
          if (c.width !== v.videoWidth) { c.width = v.videoWidth; c.height = v.videoHeight; }
          const g = c.getContext('2d', { willReadFrequently: true }); g.drawImage(v, 0, 0);
          const d = g.getImageData(0, 0, c.width, c.height).data;
          const sx = v.videoWidth / \(width), sy = v.videoHeight / \(height);
          const at = (x, y) => (Math.round(y * sy) * c.width + Math.round(x * sx)) * 4;
          const luma = (x, y) => { const i = at(x, y); return 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2]; };
          let id = 0;
          for (let k = 0; k < 11; k++) { const l = luma(16 + 16 * k, 464); if (l > 80 && l < 170) return null; if (l >= 170) id |= 1 << k; }
          if (luma(4, 452) > 60) return null;
          const band = [];
          for (let y = \(Band.top); y < \(Band.bottom); y += \(Band.step)) for (let x = \(Band.left); x < \(Band.right); x += \(Band.step)) band.push(Math.round(luma(x, y)));
          // Pure green and pure red pixels on a 2-pixel grid: the colours of the overlay's boxes.
          let green = 0, red = 0;
          for (let i = 0; i < d.length; i += 8) {
            if (d[i + 1] > 225 && d[i] < 35 && d[i + 2] < 35) green++;
            else if (d[i] > 225 && d[i + 1] < 35 && d[i + 2] < 35) red++;
          }
          return { id, at: Date.now(), w: v.videoWidth, h: v.videoHeight, band, green, red }; })()
        """
    }

    /// Where the first banner line sits: the overlay writes the status line at the top left and
    /// each banner under it on a darkened background (textoverlay, Sans 18: lines 30 px apart
    /// from y = 24). The band lies inside the second line's shading and outside the first's.
    enum Band {
        static let left = 30, right = 220, top = 58, bottom = 80, step = 4
    }

    /// The band's luma in camera frame `frame` as the camera shows it, on the probe's grid
    /// (the y4m is limited range; a canvas gives full range).
    static func referenceBand(frame: Int, in file: URL) throws -> [Double] {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        let header = try handle.read(upToCount: 256) ?? Data()
        guard let newline = header.firstIndex(of: 0x0A) else { throw TestFailure("not a y4m file: \(file.path)") }
        let frameBytes = width * height * 3 / 2
        let offset = UInt64(newline + 1) + UInt64(frame) * UInt64(frameBytes + 6) + 6
        try handle.seek(toOffset: offset)
        let luma = [UInt8](try handle.read(upToCount: width * height) ?? Data())
        guard luma.count == width * height else { throw TestFailure("frame \(frame) is past the end of \(file.path)") }
        var band: [Double] = []
        for y in stride(from: Band.top, to: Band.bottom, by: Band.step) {
            for x in stride(from: Band.left, to: Band.right, by: Band.step) {
                band.append((Double(luma[y * width + x]) - 16) * 255 / 219)
            }
        }
        return band
    }
}

/// One reading of a page's video by `SceneCamera.probe`.
struct FrameProbe {
    var frame: Int
    /// Page clock, seconds since 1970.
    var at: Double
    var width: Int
    var band: [Double]
    /// Pure green and pure red pixels (every other pixel of each row counted).
    var green: Int
    var red: Int

    init?(_ value: Any?) {
        guard let object = value as? [String: Any], let id = (object["id"] as? NSNumber)?.intValue,
              let at = (object["at"] as? NSNumber)?.doubleValue, let band = object["band"] as? [NSNumber] else { return nil }
        frame = id
        self.at = at / 1000
        width = (object["w"] as? NSNumber)?.intValue ?? 0
        self.band = band.map(\.doubleValue)
        green = (object["green"] as? NSNumber)?.intValue ?? 0
        red = (object["red"] as? NSNumber)?.intValue ?? 0
    }

    /// How much darker the band is than the camera's own frame (median over the grid): about 0
    /// without a banner, the overlay's shading (≈ 80) with one.
    func bandDarkening(reference: [Double]) -> Double {
        let drops = zip(reference, band).map { $0 - $1 }.sorted()
        return drops.isEmpty ? 0 : drops[drops.count / 2]
    }
}

/// Camera time on the page clock, fitted to probes of the candidate's own preview: Chromium's
/// fake camera starts when the page opens it and may lag a loaded machine, so the test reads
/// it rather than assuming it.
struct CameraClock {
    /// (camera frame, page clock) of one pass through the file.
    let samples: [(frame: Int, at: Double)]

    /// Page-clock time at which the camera showed `frame` (linear between the nearest samples,
    /// extrapolated at 30 fps beyond them); nil without samples.
    func time(ofFrame frame: Int) -> Double? {
        guard let first = samples.first else { return nil }
        let sorted = samples.sorted { $0.frame < $1.frame }
        if let after = sorted.firstIndex(where: { $0.frame >= frame }) {
            let b = sorted[after]
            guard after > 0 else { return b.at - Double(b.frame - frame) / SceneCamera.fps }
            let a = sorted[after - 1]
            guard b.frame != a.frame else { return b.at }
            return a.at + (b.at - a.at) * Double(frame - a.frame) / Double(b.frame - a.frame)
        }
        let last = sorted.last ?? first
        return last.at + Double(frame - last.frame) / SceneCamera.fps
    }

    func time(ofSecond second: Double) -> Double? { time(ofFrame: Int((second * SceneCamera.fps).rounded())) }

    /// Camera seconds shown at page-clock time `at` (inverse of `time(ofFrame:)`).
    func cameraSecond(at time: Double) -> Double? {
        let sorted = samples.sorted { $0.at < $1.at }
        guard let first = sorted.first, let last = sorted.last else { return nil }
        if time <= first.at { return (Double(first.frame) - (first.at - time) * SceneCamera.fps) / SceneCamera.fps }
        if time >= last.at { return (Double(last.frame) + (time - last.at) * SceneCamera.fps) / SceneCamera.fps }
        let after = sorted.firstIndex { $0.at >= time }!
        let (a, b) = (sorted[after - 1], sorted[after])
        let frame = Double(a.frame) + Double(b.frame - a.frame) * (time - a.at) / max(b.at - a.at, 0.001)
        return frame / SceneCamera.fps
    }

    /// Camera frames per page second over the pass (30 when Chromium keeps up).
    var rate: Double {
        let sorted = samples.sorted { $0.at < $1.at }
        guard let first = sorted.first, let last = sorted.last, last.at > first.at else { return 0 }
        return Double(last.frame - first.frame) / (last.at - first.at)
    }
}
