import ArgumentParser
import Foundation
import VigilCore
import VigilVision

/// `vigil detect IMAGE…`: runs the detectors on photos and prints one JSON object per image, the
/// quickest way to see what Vigil sees.
struct DetectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Run the detectors on images; print one JSON object per line and image.",
        discussion: """
            Each line: {"file", "faces": [{"box", "score", "yaw", "pitch", "gaze", "eyes_open", \
            "mouth_open", "looking_away", "eyes_closed"}], "objects": [{"class", "score", "box"}]}. Boxes are \
            [x, y, width, height] in image pixels; yaw and pitch in degrees; gaze is [x, y] in -1...1; \
            mouth_open is the inner-lip gap over the mouth width.
            """)

    @Argument(help: "Image files (JPEG, PNG, anything OpenCV reads).")
    var images: [String]

    @Option(help: "Folder holding the model files (env VIGIL_MODELS, default models).")
    var models: String?

    @Option(help: "Write each image with boxes and labels drawn into this folder.")
    var annotate: String?

    @Option(help: "OpenCV threads (0 = OpenCV's default).")
    var threads = 0

    func run() async throws {
        let folder = OptionSource(environment: ProcessInfo.processInfo.environment).modelsDirectory(models)
        let analyzer: FrameAnalyzer
        do {
            analyzer = try FrameAnalyzer(configuration: AnalyzerConfiguration(modelsDirectory: folder, threads: threads))
        } catch {
            throw ValidationError("\(error)")
        }
        if let annotate {
            try FileManager.default.createDirectory(atPath: annotate, withIntermediateDirectories: true)
        }
        var failures = 0
        for path in images {
            do {
                let image = try Image(contentsOf: path)
                let report = try analyzer.detect(image)
                print(report.jsonLine(file: path, thresholds: analyzer.configuration.thresholds))
                if let annotate {
                    let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent + ".annotated.png"
                    analyzer.draw(report, on: image)
                    image.write(to: annotate + "/" + name)
                }
            } catch {
                failures += 1
                FileHandle.standardError.write(Data("vigil detect: \(path): \(error)\n".utf8))
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}
