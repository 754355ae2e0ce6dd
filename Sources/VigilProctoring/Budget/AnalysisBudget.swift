import Foundation

/// How much analysis a session gets: the detectors cost far more than the relay, so each
/// session (live call or recorded file) is analysed at a set rate instead of on every frame, by
/// a fixed number of workers sized to the cores. Faces, mesh, pose and gaze run at
/// `framesPerSecond`; the object detector (three times dearer) at `objectFramesPerSecond`, its
/// boxes carried over the frames in between.
public struct AnalysisBudget: Sendable, Equatable {
    /// Analysed frames per second of each session; 0 analyses every frame it can.
    public var framesPerSecond: Double
    /// Frames per second the object detector runs on (at most `framesPerSecond`); 0 follows
    /// `framesPerSecond`.
    public var objectFramesPerSecond: Double
    /// Analysis workers, each a low-priority thread with its own `FrameAnalyzer`.
    public var workers: Int
    /// Frames per second the identity check (dlib's face recognition ResNet, ~70 ms) runs on;
    /// about one a second keeps it a small share of a core while a change of person is still
    /// caught within `RuleThresholds.identityMismatchSeconds` + 1 s.
    public var identityFramesPerSecond: Double = 1

    /// 10 fps faces, 3 fps objects, one worker per core.
    public static let standard = AnalysisBudget()

    public init(framesPerSecond: Double = 10, objectFramesPerSecond: Double = 3, workers: Int = AnalysisBudget.cores) {
        self.framesPerSecond = max(0, framesPerSecond)
        self.objectFramesPerSecond = max(0, objectFramesPerSecond)
        self.workers = max(1, workers)
    }

    /// The cores this process may use.
    public static var cores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}
