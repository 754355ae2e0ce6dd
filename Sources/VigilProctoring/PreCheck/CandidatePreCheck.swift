import Foundation
import VigilCore
import VigilVision

/// Judges still frames from a candidate's camera before the call (the candidate page's pre-check):
/// one analyzer of its own, loaded on the first check (a server that never sees a pre-check pays
/// nothing), used on one serial queue off the cooperative pool, so a check never holds a thread
/// that serves HTTP or signaling and never takes a worker from the live calls' `AnalysisPool`.
public final class CandidatePreCheck: Sendable {
    public enum CheckError: Error, CustomStringConvertible {
        /// The bytes are not an image the decoder can read.
        case notAnImage(String)
        /// The detectors could not start (missing models) or failed on the frame.
        case detectorsUnavailable(String)

        public var description: String {
            switch self {
            case .notAnImage(let reason): "the body is not a readable JPEG image (\(reason))"
            case .detectorsUnavailable(let reason): "the pre-check's detectors are unavailable: \(reason)"
            }
        }
    }

    /// The analyzer, touched only on `queue`.
    private final class Worker: @unchecked Sendable {
        var analyzer: Result<FrameAnalyzer, VisionError>?
    }

    private let configuration: AnalyzerConfiguration
    private let queue = DispatchQueue(label: "vigil.precheck", qos: .utility)
    private let worker = Worker()

    public init(analyzer configuration: AnalyzerConfiguration) {
        self.configuration = configuration
    }

    /// The verdict on one JPEG frame. Waits while another check runs (they are seconds apart per
    /// candidate); the first check also waits for the models to load.
    public func check(jpeg: [UInt8]) async throws(CheckError) -> PreCheckVerdict {
        let outcome: Result<PreCheckVerdict, CheckError> = await withCheckedContinuation { done in
            queue.async { [worker, configuration] in
                done.resume(returning: Self.run(jpeg, worker: worker, configuration: configuration))
            }
        }
        return try outcome.get()
    }

    private static func run(_ jpeg: [UInt8], worker: Worker, configuration: AnalyzerConfiguration) -> Result<PreCheckVerdict, CheckError> {
        if worker.analyzer == nil {
            do throws(VisionError) { worker.analyzer = .success(try FrameAnalyzer(configuration: configuration)) }
            catch { worker.analyzer = .failure(error) }
        }
        let analyzer: FrameAnalyzer
        switch worker.analyzer {
        case .success(let loaded)?: analyzer = loaded
        case .failure(let error)?: return .failure(.detectorsUnavailable("\(error)"))
        case nil: return .failure(.detectorsUnavailable("not loaded"))
        }
        // OpenCV decodes from a file: the frame goes to a private temporary file and is removed at once.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-precheck-\(UUID().uuidString).jpg").path
        guard FileManager.default.createFile(atPath: path, contents: Data(jpeg), attributes: [.posixPermissions: 0o600]) else {
            return .failure(.detectorsUnavailable("cannot write a temporary file in \(FileManager.default.temporaryDirectory.path)"))
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let frame: VideoFrame
        do throws(VisionError) { frame = try Image(contentsOf: path).frame(time: 0) }
        catch { return .failure(.notAnImage("the decoder could not read it")) }
        do throws(VisionError) {
            let observation = try analyzer.analyze(frame, objects: false)
            return .success(PreCheckVerdict(faces: observation.faces, in: frame))
        } catch {
            return .failure(.detectorsUnavailable("\(error)"))
        }
    }
}
