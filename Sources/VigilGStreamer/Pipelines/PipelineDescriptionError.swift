/// Why a gst-launch description did not become a pipeline or a bin. The callers (relay, file
/// decoding, load client) turn it into their own error, which names their file and the fix.
package enum PipelineDescriptionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// gst_parse_launch refused the text (a missing plugin, a typo); `reason` is GStreamer's.
    case refused(reason: String)
    /// The description parsed but has no element of this name, which the caller needs.
    case elementMissing(name: String)

    package var description: String {
        switch self {
        case .refused(let reason): reason
        case .elementMissing(let name): "no element named '\(name)'"
        }
    }
}
