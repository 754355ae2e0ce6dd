internal import CGStreamer

/// What the recorder needs from a sample: whether it starts a picture on its own (a key frame, so
/// the recording can begin there), and a copy stamped on the recording's own timeline (the sender
/// pipeline's running time means nothing in the recorder's pipeline).
extension SampleRef {
    /// Whether the buffer depends on earlier ones (not a key frame). Audio is never a delta unit.
    package var isDeltaUnit: Bool {
        guard let buffer = gst_sample_get_buffer(pointer) else { return true }
        return vigil_buffer_is_delta_unit(buffer) != 0
    }

    /// An owned sample with a metadata copy of the buffer whose PTS and DTS are `nanoseconds`,
    /// carrying `caps` instead of the sample's own (a muxer refuses caps that change mid-file,
    /// e.g. the width of a camera that rejoined at another resolution).
    package func stampedCopy(nanoseconds: UInt64, caps: Caps) -> SampleRef? {
        guard let buffer = gst_sample_get_buffer(pointer), let copy = gst_buffer_copy(buffer) else { return nil }
        vigil_buffer_set_timestamps(copy, GstClockTime(nanoseconds))
        let stamped = gst_sample_new(copy, caps.pointer, nil, nil)
        gst_buffer_unref(copy)
        return stamped.map(SampleRef.init)
    }

    /// An owned sample holding a copy of `bytes` with `caps`, stamped at `nanoseconds` (the
    /// recorder's filler packets).
    package static func make(bytes: [UInt8], caps: Caps, nanoseconds: UInt64) -> SampleRef? {
        guard let buffer = gst_buffer_new_allocate(nil, gsize(bytes.count), nil) else { return nil }
        _ = bytes.withUnsafeBytes { gst_buffer_fill(buffer, 0, $0.baseAddress, gsize(bytes.count)) }
        vigil_buffer_set_timestamps(buffer, GstClockTime(nanoseconds))
        let sample = gst_sample_new(buffer, caps.pointer, nil, nil)
        gst_buffer_unref(buffer)
        return sample.map(SampleRef.init)
    }
}
