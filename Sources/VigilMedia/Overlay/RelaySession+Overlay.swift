import VigilGStreamer

extension RelaySession {
    /// Sets the text drawn into the video the interviewer and proctors receive (the candidate's
    /// re-encoded branch, element `alert_overlay`). Setting a property is MT-safe in GStreamer and
    /// returns at once; the streaming thread picks the new text up on its next frame.
    public func setOverlay(text: String) {
        guard let pipeline = candidatePipeline, let overlay = pipeline.element.child(named: "alert_overlay") else { return }
        overlay.set("line-alignment", Int32(0))  // left: banners line up under the status
        overlay.set("text", text)
        overlay.release()
    }

    /// Sets the boxes drawn into the same video (faces, forbidden objects), replacing the last
    /// ones. They stay drawn until replaced, or for 1.5 s without an update.
    public func setOverlay(marks boxes: [MarkBox]) {
        marks.set(boxes)
    }
}
