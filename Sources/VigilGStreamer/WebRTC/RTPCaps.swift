/// The RTP caps both ends of a Vigil call use (the relay's webrtcbin offers them, the load
/// client's sends them): VP8 on payload 96 and Opus on 111, each with the transport-wide-cc
/// header extension, without which Chrome halves the resolution (webrtc.md, pitfall 1).
package enum RTPCaps {
    package static let vp8 = "application/x-rtp,media=video,encoding-name=VP8,payload=96,clock-rate=90000,extmap-3=(string)http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"
    package static let opus = "application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000,encoding-params=(string)2,extmap-3=(string)http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"
    /// Opus on payload 110, for the proctors' second audio track (the interviewer's): in one
    /// BUNDLE, two m-lines with the same payload type leave Chrome unable to tell which track a
    /// packet belongs to, and it plays neither.
    package static let opusSecondTrack = "application/x-rtp,media=audio,encoding-name=OPUS,payload=110,clock-rate=48000,encoding-params=(string)2,extmap-3=(string)http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"
}
