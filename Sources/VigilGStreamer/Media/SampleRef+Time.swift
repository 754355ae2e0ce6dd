internal import CGStreamer

extension SampleRef {
    /// The buffer's position in its stream, in seconds (its timestamp through the sample's
    /// segment, so edit lists and a stream that starts late read right); nil when the buffer has
    /// no timestamp. Audio readers place their first samples with it.
    package var streamTime: Double? {
        guard let buffer = gst_sample_get_buffer(pointer) else { return nil }
        let pts = vigil_buffer_pts(buffer)
        guard pts != vigil_clock_time_none() else { return nil }
        guard let segment = gst_sample_get_segment(pointer) else { return Double(pts) / 1e9 }
        let streamTime = gst_segment_to_stream_time(segment, GST_FORMAT_TIME, pts)
        return streamTime != vigil_clock_time_none() ? Double(streamTime) / 1e9 : Double(pts) / 1e9
    }
}
