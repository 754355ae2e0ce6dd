/// The gst-launch description of the audio branch of a file's decoding: the same `filesrc !
/// decodebin` as the video one (`FileDecodeDescription`), with Swift linking the file's first
/// audio stream to `entry` (`FileDecodePadLinker`), converted to what the voice activity
/// detector takes (16 kHz mono S16, as the live `voice_sink`). `audiorate` fills gaps in the
/// track with silence, so a sample's place in the stream is its time. decodebin stops at encoded
/// video (`caps`), so the file's video is not decoded a second time: that pad stays unlinked
/// and its data is dropped.
enum AudioFileDecodeDescription {
    static let sourceName = "source"
    static let decoderName = "decoder"
    static let entryName = "entry"
    static let sinkName = "sink"
    static let sampleRate = 16_000

    /// Raw audio, and video in any form decodebin finds it (raw from y4m, or encoded): decodebin
    /// hands on what matches without decoding further.
    static let stopCaps = "audio/x-raw; video/x-raw; video/x-h264; video/x-h265; video/x-vp8; video/x-vp9; video/x-av1; "
        + "video/mpeg; video/x-divx; video/x-xvid; video/x-theora; image/jpeg; video/x-msmpeg; video/x-wmv; video/x-prores"

    static var text: String {
        """
        filesrc name=\(sourceName) ! decodebin name=\(decoderName) caps="\(stopCaps)" \
        audioconvert name=\(entryName) ! audioresample ! audiorate ! \
        audio/x-raw,format=S16LE,channels=1,rate=\(sampleRate),layout=interleaved ! \
        appsink name=\(sinkName) sync=false max-buffers=16 drop=false enable-last-sample=false
        """
    }
}
