import ArgumentParser
import Foundation
import VigilCore
import VigilVision

/// The identity check's figures: false match and false non-match rates of the face descriptor
/// on the labelled photos (and frames of the shared clips), at the policy's distance and at
/// dlib's own 0.6, and the milliseconds one identity sample costs on one core.
///
/// Who is who was decided by looking at the photos, not by the descriptor: the two Obama photos
/// are one official portrait (one cropped); the bearded man's close-up and the stage photo show
/// the same man (looked at side by side); the frames of both gaze clips show one man (the clips'
/// SOURCES.md row). Every other face is taken for a different person: the single-face photos of
/// other people and each face of the group photos (`obama_biden_two_people.jpg` is left out: it
/// shows Obama again, and which face is his is not labelled). Pairs: every two faces of the set.
struct IdentityBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "identity", abstract: "Face descriptor false match / non-match rates and cost.")

    @Option(help: "The shared media folder.")
    var media = "../shared/media"

    @Option(help: "A folder of frames (PNG) of the gaze clips, all of one man (scripts/bench.sh extracts them).")
    var frames: String?

    @Option(help: "Model folder.")
    var models = "models"

    @Option(help: "Timed runs for the milliseconds per sample.")
    var runs = 20

    @Option(name: .customLong("identity-rate"), help: "Identity samples per second of a session (AnalysisBudget's default is 1).")
    var identityRate = 1.0

    /// Photo → person; nil person: each face of the photo is a person of its own.
    static let photos: [(file: String, person: String?)] = [
        ("faces/frontal/astronaut_eileen_collins_frontal.png", "eileen_collins"),
        ("faces/frontal/bearded_man_frontal_closeup.jpg", "bearded_man"),
        ("faces/turned/bearded_man_three_quarter_turned_plus_partial_profile.jpg", "bearded_man"),
        ("faces/frontal/curly_hair_man_frontal.jpg", "curly_hair_man"),
        ("faces/frontal/grace_hopper_frontal.jpg", "grace_hopper"),
        ("faces/frontal/man_glasses_frontal_blue_bg.jpg", "man_glasses"),
        ("faces/frontal/man_with_microphone_video_still.png", "man_with_microphone"),
        ("faces/frontal/obama_portrait_frontal.jpg", "obama"),
        ("faces/frontal/obama_partial_face_cut_left_edge.jpg", "obama"),
        ("faces/turned/cameraman_profile_looking_into_camera.png", "cameraman"),
        ("faces/several/couple_two_faces.jpg", nil),
        ("faces/several/four_friends_selfie_outdoor.jpg", nil),
        ("faces/several/group_selfie_seven_faces.jpg", nil),
        ("faces/several/three_business_people_standing.jpg", nil),
        ("faces/several/three_men_indoor_flash_voc.jpg", nil),
    ]

    func run() async throws {
        try measureNetworkMemory()
        let analyzer = try FrameAnalyzer(configuration: AnalyzerConfiguration(modelsDirectory: models, threads: 1, tiledFaceSearch: true))
        var faces: [(person: String, descriptor: FaceDescriptor)] = []
        for (file, person) in Self.photos {
            let image = try Image(contentsOf: media + "/" + file)
            let samples = try analyzer.identitySamples(of: try analyzer.detect(image, objects: false), in: image)
            if let person {
                // The labelled person is the photo's largest face (the stage photo's second man is cut off at the edge).
                if let first = samples.first { faces.append((person, first.descriptor)) }
            } else {
                for (index, sample) in samples.enumerated() { faces.append(("\(file)#\(index)", sample.descriptor)) }
            }
        }
        if let frames {
            let files = (try FileManager.default.contentsOfDirectory(atPath: frames)).filter { $0.hasSuffix(".png") }.sorted()
            for file in files {
                let image = try Image(contentsOf: frames + "/" + file)
                if let sample = try analyzer.identitySample(of: try analyzer.detect(image, objects: false, tiles: false), in: image) {
                    faces.append(("gaze_clip_man", sample.descriptor))
                }
            }
        }
        var genuine: [Double] = [], impostor: [Double] = []
        for i in faces.indices {
            for j in faces.indices where j > i {
                let distance = faces[i].descriptor.distance(to: faces[j].descriptor)
                if faces[i].person == faces[j].person { genuine.append(distance) } else { impostor.append(distance) }
            }
        }
        let people = Set(faces.map(\.person)).count
        let policy = RuleThresholds.standard.identityMaxDistance
        for threshold in [policy, 0.6] {
            let label = threshold == policy ? "policy (RuleThresholds.identityMaxDistance)" : "dlib's suggested 0.6"
            let falseMatches = impostor.filter { $0 <= threshold }.count
            let falseNonMatches = genuine.filter { $0 > threshold }.count
            let common: [String: Any] = ["threshold": threshold, "threshold_is": label, "faces": faces.count, "people": people,
                                         "model": "dlib_face_recognition_resnet_model_v1", "alignment": "face mesh, 5 points"]
            emit("identity", "false_match_rate", impostor.isEmpty ? 0 : Double(falseMatches) / Double(impostor.count) * 100, "%",
                 common.merging(["false_matches": falseMatches, "impostor_pairs": impostor.count]) { a, _ in a })
            emit("identity", "false_non_match_rate", genuine.isEmpty ? 0 : Double(falseNonMatches) / Double(genuine.count) * 100, "%",
                 common.merging(["false_non_matches": falseNonMatches, "genuine_pairs": genuine.count]) { a, _ in a })
        }
        emit("identity", "closest_impostor_distance", impostor.min() ?? 0, "distance", ["impostor_pairs": impostor.count])
        emit("identity", "farthest_genuine_distance", genuine.max() ?? 0, "distance", ["genuine_pairs": genuine.count])

        // Cost of one identity sample (alignment, 150x150 chip, dlib's ResNet) on one core.
        let image = try Image(contentsOf: media + "/faces/frontal/grace_hopper_frontal.jpg").resized(width: 640, height: 480)
        let detections = try analyzer.detect(image, objects: false, tiles: false)
        var times: [Double] = []
        for _ in 0..<max(1, runs) {
            let start = ContinuousClock.now
            _ = try analyzer.identitySample(of: detections, in: image)
            times.append(ms(ContinuousClock.now - start))
        }
        let perSample = median(times)
        let rate = identityRate
        emit("identity", "ms_per_embedding", perSample, "ms", ["statistic": "median", "runs": runs, "size": "640x480 frame, 150x150 chip", "threads": 1])
        emit("identity", "cpu_per_session_estimate", perSample * rate / 10, "% of one core",
             ["method": "median ms per sample x samples per second", "samples_per_second": rate])
    }

    /// Resident memory one analysis worker's analyzer adds with the identity check off (dlib's
    /// network not loaded) and on, each after one inference on a blank frame as the workers do;
    /// measured after a first analyzer, which loads OpenVINO's runtime and plug-ins for all.
    func measureNetworkMemory() throws {
        var off = AnalyzerConfiguration(modelsDirectory: models, threads: 1, tiledFaceSearch: false)
        off.identityCheck = false
        var on = off
        on.identityCheck = true
        let blank = VideoFrame(width: 640, height: 480, bytesPerRow: 640 * 3, pixels: [UInt8](repeating: 0, count: 640 * 480 * 3), time: 0)
        func resident() -> Double { ProcessSample.read(pid: getpid())?.residentMiB ?? 0 }
        func load(_ configuration: AnalyzerConfiguration) throws -> FrameAnalyzer {
            let analyzer = try FrameAnalyzer(configuration: configuration)
            _ = try? analyzer.analyze(blank, objects: true)
            return analyzer
        }
        let warm = try load(off)
        let before = resident()
        let withoutNetwork = try load(off)
        let between = resident()
        let withNetwork = try load(on)
        let after = resident()
        withExtendedLifetime((warm, withoutNetwork, withNetwork)) {}
        emit("identity", "analyzer_resident_memory", between - before, "MiB", ["identity_check": "off"])
        emit("identity", "analyzer_resident_memory", after - between, "MiB", ["identity_check": "on"])
        emit("identity", "memory_saved_per_worker_with_the_check_off", (after - between) - (between - before), "MiB")
    }
}
