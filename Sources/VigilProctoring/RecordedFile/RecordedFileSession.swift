import Foundation
import VigilCore
import VigilLifecycle
import VigilMedia
import VigilStore
import VigilVision

/// A recorded video analysed into a new stored session: what `vigil analyze FILE` and the
/// server's analysis jobs (`POST /api/analyses`) both run, so a file gives the same events either
/// way. Opening reads the file's header and measures its whole audio track before any session
/// exists, so an unreadable file is refused without leaving an empty session behind.
public struct RecordedFileSession {
    public let path: String
    public let reader: VideoFileReader
    public let audio: RecordedAudio
    /// The file's name: the session's title and the events' details.
    public var fileName: String { URL(fileURLWithPath: path).lastPathComponent }

    /// Opens `path` for decoding and measures its audio (a file without audio is judged on video).
    public static func open(path: String) async throws(FileDecodeError) -> RecordedFileSession {
        let reader = try VideoFileReader(path: path)
        let audio = await Task.detached { RecordedAudio.measure(path: path) }.value
        return RecordedFileSession(path: path, reader: reader, audio: audio)
    }

    /// Opens a session through `lifecycle` (titled with the file's name, with `policy` saved),
    /// analyses the file into it with `analyzers` at `budget`'s rates, and ends it at the end of
    /// the file. `opened` hears the session's id as soon as it is stored (a job records it even
    /// if the run fails later). Failures after that are `RecordedFileAnalysis.Interrupted`.
    public func analyse(analyzers: [FrameAnalyzer], budget: AnalysisBudget, policy: SessionPolicy, candidateName: String,
                        interviewerName: String, store: Store, lifecycle: SessionLifecycle, progress: (any AnalysisProgress)?,
                        opened: (SessionInfo) -> Void = { _ in }) async throws -> (session: SessionInfo, summary: RecordedFileAnalysis.Summary) {
        // No service runs offline; the lifecycle is still the one way a session opens and ends.
        let session = try await lifecycle.open(title: fileName, candidateName: candidateName, interviewerName: interviewerName).info
        opened(session)
        try await store.savePolicy(policy, session: session.id)
        var analysis = RecordedFileAnalysis(
            reader: reader, analyzers: analyzers, budget: budget, rules: RuleEngine(policy: policy), session: session,
            fileName: fileName, lifecycle: lifecycle, store: store, progress: progress, audio: audio)
        return (session, try await analysis.run())
    }
}
