/// How a recorded-file analysis reports its progress (the `vigil` command draws a bar on
/// standard error; a test or a batch job may ignore it). Positions are seconds into the file.
public protocol AnalysisProgress {
    /// After each frame: the media time reached and the frames done so far.
    mutating func update(position: Double, frames: Int)
    /// Once, when the run stops (at the end of the file or on a failure).
    mutating func finish(position: Double, frames: Int)
}
