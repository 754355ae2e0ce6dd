import Foundation
import Testing
import VigilMedia

/// The file decoder on real files: the shared clips, short transcodes of them in other
/// containers, a rotated file, and files that are not usable recordings.
@Suite("VideoFileReader")
struct VideoFileReaderTests {
    /// Every frame, with the wall time decoding took.
    private func decodeAll(_ reader: VideoFileReader) throws -> [VideoFrame] {
        var frames: [VideoFrame] = []
        while let frame = try reader.next() { frames.append(frame) }
        return frames
    }

    @Test("the 15 s gaze clip: every frame, increasing timestamps over 15 s, upright and fitted to 640x480")
    func gazeClip() throws {
        let clip = TestMedia.gazeLeftClip
        let expected = try TestMedia.frameCount(clip)
        let reader = try VideoFileReader(path: clip)
        // The clip is stored 848x480 with a -90° display matrix: a portrait phone video.
        #expect(reader.sourceWidth == 480 && reader.sourceHeight == 848)
        #expect(reader.height == 640 && reader.width == 362)
        #expect(abs((reader.duration ?? 0) - 15.33) < 0.1)
        let frames = try decodeAll(reader)
        #expect(frames.count == expected)
        #expect(frames.allSatisfy { $0.width == 362 && $0.height == 640 })
        let times = frames.map(\.time)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 < $1 })
        #expect(times.first.map { $0 < 0.1 } == true)
        #expect(times.last.map { $0 > 15.2 && $0 < 15.4 } == true)
        #expect(try reader.next() == nil)
    }

    @Test("without a size limit frames keep the decoded size")
    func noLimit() throws {
        let clip = try shortClip()
        let reader = try VideoFileReader(path: clip, sizeLimit: nil)
        let frame = try #require(try reader.next())
        #expect(frame.width == 240 && frame.height == 426)
        #expect(frame.bytesPerRow >= 240 * 3 && frame.pixels.count >= frame.bytesPerRow * 426)
    }

    @Test("rotation metadata turns the picture as ffmpeg does, swapping width and height")
    func rotation() throws {
        let plain = try TestMedia.made("marker.mp4") { path in
            // Blue with a red block in the top-left corner, so the direction of the turn shows.
            try TestMedia.ffmpeg(["-f", "lavfi", "-i", "color=c=blue:s=320x240:r=15:d=1,drawbox=x=0:y=0:w=80:h=60:color=red:t=fill",
                                  "-c:v", "libx264", "-pix_fmt", "yuv420p", path])
        }
        let rotated = try TestMedia.made("marker-rotated.mp4") { path in
            try TestMedia.ffmpeg(["-i", plain, "-c", "copy", "-metadata:s:v", "rotate=90", path])
        }
        let upright = try #require(try VideoFileReader(path: plain).next())
        #expect(upright.width == 320 && upright.height == 240)
        let turned = try #require(try VideoFileReader(path: rotated).next())
        #expect(turned.width == 240 && turned.height == 320)
        let reference = try TestMedia.firstFrameBGR(rotated)
        #expect(reference.count == 240 * 320 * 3)
        #expect(meanDifference(turned, packed: reference) < 8)
        // And it is not merely transposed the other way: the red block moved out of the top-left.
        #expect(meanDifference(turned, packed: reference) < meanDifferenceFlipped(turned, packed: reference) / 4)
    }

    @Test("webm (VP8), mkv (VP9) and y4m decode", arguments: [
        ("clip.webm", ["-c:v", "libvpx", "-b:v", "400k"]),
        ("clip.mkv", ["-c:v", "libvpx-vp9", "-b:v", "400k", "-row-mt", "1", "-deadline", "realtime"]),
        ("clip.y4m", ["-pix_fmt", "yuv420p"]),
    ])
    func containers(name: String, codec: [String]) throws {
        let source = try shortClip()
        let path = try TestMedia.made(name) { path in
            try TestMedia.ffmpeg(["-i", source, "-an"] + codec + [path])
        }
        let reader = try VideoFileReader(path: path)
        let frames = try decodeAll(reader)
        #expect(frames.count == (try TestMedia.frameCount(path)))
        #expect(frames.count >= 40)
        #expect(frames.allSatisfy { $0.width == 240 && $0.height == 426 })
        let times = frames.map(\.time)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test("a missing file names the file")
    func missing() throws {
        let path = TestMedia.folder.appendingPathComponent("no-such-recording.mp4").path
        let error = try openError(path)
        #expect(error == .fileMissing(file: path))
        #expect(error.description.contains(path))
    }

    @Test("a text file is not a video")
    func textFile() throws {
        let path = try TestMedia.made("notes.txt") { path in
            try Data("Interview notes: candidate was punctual.\n".utf8).write(to: URL(fileURLWithPath: path))
        }
        let error = try openError(path)
        guard case .notAVideo(let file, _) = error else { Issue.record("expected notAVideo, got \(error)"); return }
        #expect(file == path)
        #expect(error.description.contains("is not a video"))
    }

    @Test("a JPEG photo is a still image, not a video")
    func photo() throws {
        let path = try TestMedia.made("photo.jpg") { path in
            try FileManager.default.copyItem(atPath: TestMedia.sharedFile("faces/frontal/grace_hopper_frontal.jpg"), toPath: path)
        }
        let error = try openError(path)
        #expect(error == .stillImage(file: path, format: "image/jpeg"))
        #expect(error.description.contains("still image"))
    }

    @Test("an audio-only file has no video stream")
    func audioOnly() throws {
        let path = try TestMedia.made("voice.m4a") { path in
            try TestMedia.ffmpeg(["-i", TestMedia.gazeLeftClip, "-t", "2", "-vn", "-c:a", "copy", path])
        }
        let error = try openError(path)
        guard case .noVideoStream(let file, let found) = error else { Issue.record("expected noVideoStream, got \(error)"); return }
        #expect(file == path)
        #expect(found.contains("audio"))
    }

    @Test("an mp4 cut at half its size is reported as damaged, whichever end holds the index", arguments: [true, false])
    func truncated(indexFirst: Bool) throws {
        let whole = try TestMedia.made(indexFirst ? "whole-faststart.mp4" : "whole-index-last.mp4") { path in
            try TestMedia.ffmpeg(["-i", TestMedia.gazeLeftClip, "-t", "4", "-vf", "scale=-2:320", "-c:v", "libx264",
                                  "-preset", "veryfast", "-an"] + (indexFirst ? ["-movflags", "+faststart"] : []) + [path])
        }
        let cut = try TestMedia.made(indexFirst ? "cut-faststart.mp4" : "cut-index-last.mp4") { path in
            let bytes = try Data(contentsOf: URL(fileURLWithPath: whole))
            try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
        }
        let started = Date()
        var caught: FileDecodeError?
        do {
            let reader = try VideoFileReader(path: cut)
            while try reader.next() != nil {}
        } catch {
            caught = error
        }
        #expect(Date().timeIntervalSince(started) < 20)
        let error = try #require(caught, "a file cut in half decoded without complaint")
        guard case .corrupt(let file, _) = error else { Issue.record("expected corrupt, got \(error)"); return }
        #expect(file == cut)
        #expect(error.description.contains("damaged or truncated"))
    }

    // MARK: helpers

    /// A 2 s upright 240x426 H.264 copy of the gaze clip, the source of the container variants.
    private func shortClip() throws -> String {
        try TestMedia.made("short.mp4") { path in
            try TestMedia.ffmpeg(["-i", TestMedia.gazeLeftClip, "-t", "2", "-vf", "scale=240:426", "-c:v", "libx264",
                                  "-preset", "veryfast", "-an", path])
        }
    }

    /// The error opening (and reading) `path` gives, failing the test if there is none; bounded
    /// in time so that a hang shows as a failure.
    private func openError(_ path: String) throws -> FileDecodeError {
        let started = Date()
        defer { #expect(Date().timeIntervalSince(started) < 20) }
        do {
            let reader = try VideoFileReader(path: path)
            while try reader.next() != nil {}
        } catch {
            return error
        }
        throw UnexpectedSuccess(path: path)
    }

    struct UnexpectedSuccess: Error { var path: String }

    private func meanDifference(_ frame: VideoFrame, packed: [UInt8]) -> Double {
        difference(frame, packed: packed) { x, y in (x, y) }
    }

    /// The same comparison against the reference turned upside down (a wrong-direction turn).
    private func meanDifferenceFlipped(_ frame: VideoFrame, packed: [UInt8]) -> Double {
        difference(frame, packed: packed) { x, y in (frame.width - 1 - x, frame.height - 1 - y) }
    }

    private func difference(_ frame: VideoFrame, packed: [UInt8], mapping: (Int, Int) -> (Int, Int)) -> Double {
        guard packed.count == frame.width * frame.height * 3 else { return .infinity }
        var total = 0
        for y in 0..<frame.height {
            for x in 0..<frame.width {
                let (rx, ry) = mapping(x, y)
                for channel in 0..<3 {
                    total += abs(Int(frame.pixels[y * frame.bytesPerRow + x * 3 + channel]) - Int(packed[(ry * frame.width + rx) * 3 + channel]))
                }
            }
        }
        return Double(total) / Double(frame.width * frame.height * 3)
    }
}
