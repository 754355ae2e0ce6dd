internal import CGStreamer

extension AppSource {
    /// Tells the appsrc no more data follows; the EOS travels down after what was queued (a
    /// recorder's muxer then writes its index and closes the file).
    package func endOfStream() {
        _ = gst_app_src_end_of_stream(vigil_as_app_src(element.pointer))
    }
}
