/// Whether a file's video ran as long as its header said. A recording cut short (an interrupted
/// copy or upload) often decodes cleanly up to the cut and then simply ends, so the only sign is
/// that the frames stop early. Allowance: one second or 5 % of the duration, whichever is more,
/// because audio may legitimately outlast the video by a little and the container's duration is
/// the longest track's.
enum VideoFileCompleteness {
    /// A sentence saying what is missing, or nil when the video is complete (or cannot be judged).
    static func shortfall(lastFrame: Double?, frameInterval: Double?, duration: Double?) -> String? {
        guard let duration, duration > 0 else { return nil }
        guard let lastFrame else {
            return "no frame could be decoded although the header announces \(seconds(duration))"
        }
        let covered = lastFrame + (frameInterval ?? 0)
        let allowance = max(1, 0.05 * duration)
        guard covered + allowance < duration else { return nil }
        return "the video stops at \(seconds(covered)) although the header announces \(seconds(duration))"
    }

    private static func seconds(_ value: Double) -> String {
        String(format: "%.1f s", value)
    }
}
