/// One 20 ms Opus packet of silence (TOC 0xF8: CELT full band, 20 ms, mono, one frame; then an
/// empty frame), what WebRTC stacks send for a muted track.
///
/// Why the recorder needs it: the WebM muxer waits for data on every track before it writes
/// anything, so a track nobody sends (no interviewer yet, a candidate without a microphone)
/// would hold the whole file back. The recorder fills such a track with silence, stamped where
/// the missing packets would have been; nothing is encoded.
enum OpusSilence {
    static let packet: [UInt8] = [0xF8, 0xFF, 0xFE]
    static let packetNanoseconds: UInt64 = 20_000_000
    /// A track this far behind the video gets silence up to that point.
    static let allowedLagNanoseconds: UInt64 = 300_000_000
}
