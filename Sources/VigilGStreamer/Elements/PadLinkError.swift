/// gst_pad_link refused; `code` is the GstPadLinkReturn (e.g. -4 for no common format).
package struct PadLinkError: Error, Sendable, Equatable {
    package let code: Int
}
