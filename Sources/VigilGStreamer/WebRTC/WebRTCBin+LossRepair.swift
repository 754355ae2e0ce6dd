internal import CGStreamer

/// Repairing loss on the media a webrtcbin receives.
extension WebRTCBin {
    /// Makes the jitterbuffer of every received video stream ask the sender for its lost packets
    /// (RTCP NACK, answered over the RTX stream the offer negotiates with `do-nack`).
    ///
    /// webrtcbin 1.22 is meant to do this itself for transceivers with `do-nack`, but its
    /// "new-jitterbuffer" handler sets `do-retransmission` once per SSRC-map entry of the whole
    /// BUNDLE transport, whichever m-line the entry belongs to, so the last entry wins: with the
    /// audio m-line's entry last, the video jitterbuffer ended with `do-retransmission=false`
    /// (GST_DEBUG=webrtcbin:6 shows "setting do-nack=true … do-nack=false" for one SSRC), and at
    /// 5 % loss Chromium received no NACK at all. This handler runs after webrtcbin's (connected
    /// later) and sets it again from the SSRC's own m-line in the remote description. An SSRC the
    /// description does not list (a sender without `a=ssrc`) is treated as video: a NACK for
    /// audio is only ignored.
    package func retransmitLostVideoPackets() {
        guard let rtpbin = element.child(named: "rtpbin") else { return }
        defer { rtpbin.release() }
        let webrtc = self
        rtpbin.connect("new-jitterbuffer", newJitterBufferTrampoline, CallbackBox<@Sendable (ElementRef, UInt32) -> Void> { jitterBuffer, ssrc in
            guard webrtc.remoteMedia(ofSSRC: ssrc) != "audio" else { return }
            jitterBuffer.set("do-retransmission", true)
        })
    }

    /// The media ("video", "audio") of the remote description's m-line that lists `ssrc`
    /// (`a=ssrc:<ssrc> …`), or nil.
    func remoteMedia(ofSSRC ssrc: UInt32) -> String? {
        guard let raw = vigil_object_get_pointer(element.pointer, "remote-description") else { return nil }
        let description = raw.assumingMemoryBound(to: GstWebRTCSessionDescription.self)
        defer { gst_webrtc_session_description_free(description) }
        guard let sdp = description.pointee.sdp else { return nil }
        let wanted = String(ssrc)
        for index in 0..<gst_sdp_message_medias_len(sdp) {
            guard let media = gst_sdp_message_get_media(sdp, index) else { continue }
            for attributeIndex in 0..<gst_sdp_media_attributes_len(media) {
                guard let attribute = gst_sdp_media_get_attribute(media, attributeIndex),
                      let key = attribute.pointee.key, String(cString: key) == "ssrc",
                      let value = attribute.pointee.value,
                      String(cString: value).split(separator: " ").first.map(String.init) == wanted else { continue }
                return gst_sdp_media_get_media(media).map { String(cString: $0) }
            }
        }
        return nil
    }
}
