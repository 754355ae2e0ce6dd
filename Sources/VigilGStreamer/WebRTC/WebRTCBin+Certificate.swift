/// The DTLS certificate webrtcbin presents.
extension WebRTCBin {
    /// Presents `pem` (an X.509 certificate followed by its private key, PEM) in every DTLS
    /// handshake of this webrtcbin, instead of the RSA certificate GStreamer generates.
    ///
    /// webrtcbin 1.22 has no certificate setting of its own: each DTLS transport builds a
    /// `dtlssrtpdec` whose `pem` property is the transport's `certificate`, the one the SDP
    /// fingerprint is computed from, and the paired `dtlssrtpenc` shares the decoder's agent.
    /// Transports exist as soon as a sink pad is requested (while the pipeline is parsed), so
    /// the ones already there are set now and later ones as they are added. Must be called
    /// before the offer is created: the fingerprint is taken then.
    package func presentCertificate(pem: String) {
        element.forEachDescendant { descendant, factory in
            if factory == "dtlssrtpdec" { descendant.set("pem", pem) }
        }
        element.connect("deep-element-added", deepElementAddedTrampoline, CallbackBox<@Sendable (ElementRef, String) -> Void> { added, factory in
            guard factory == "dtlssrtpdec" else { return }
            added.set("pem", pem)
        })
    }
}
