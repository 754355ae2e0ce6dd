internal import CGStreamer

extension ElementRef {
    /// Asks the element (a demuxer, before the pipeline plays: matroskademux keeps a seek that
    /// comes before it read the headers and applies it then) to play only `start`…`stop` seconds,
    /// starting at the key frame at or before `start`, so a clip is cut without decoding.
    package func seekToKeyFrame(startSeconds: Double, stopSeconds: Double) -> Bool {
        let flags = GstSeekFlags(rawValue: GST_SEEK_FLAG_FLUSH.rawValue | GST_SEEK_FLAG_KEY_UNIT.rawValue | GST_SEEK_FLAG_SNAP_BEFORE.rawValue)
        guard let event = gst_event_new_seek(1.0, GST_FORMAT_TIME, flags, GST_SEEK_TYPE_SET, gint64(max(0, startSeconds) * 1e9),
                                             GST_SEEK_TYPE_SET, gint64(stopSeconds * 1e9)) else { return false }
        return gst_element_send_event(pointer, event) != 0
    }
}
